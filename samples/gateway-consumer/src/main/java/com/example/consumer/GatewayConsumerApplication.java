package com.example.consumer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class GatewayConsumerApplication {

	public static void main(String[] args) {
		SpringApplication.run(GatewayConsumerApplication.class, args);
	}

}
