package com.example.consumer;

import dev.bufferedsockets.test.BufferedTestServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
@BufferedTestServer
class ShortenerTest {

	@Autowired
	private Shortener shortener;

	@Test
	void theServerDropsTheFirstTenCharacters() {
		assertThat(this.shortener.shorten("Four score and seven years ago")).isEqualTo(" and seven years ago");
	}

}
