package com.example.consumer;

import dev.bufferedsockets.gateway.BufferedGateway;

import org.springframework.stereotype.Service;

/** The application's own service: it only knows the gateway interface, which the starter provides. */
@Service
public class Shortener {

	private final BufferedGateway gateway;

	public Shortener(BufferedGateway gateway) {
		this.gateway = gateway;
	}

	public String shorten(String text) {
		return this.gateway.exchange(text);
	}

}
