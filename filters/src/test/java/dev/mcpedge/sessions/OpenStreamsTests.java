package dev.mcpedge.sessions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import dev.mcpedge.identity.AuthMethod;
import dev.mcpedge.identity.EdgeIdentity;
import dev.mcpedge.identity.Mode;

import static org.assertj.core.api.Assertions.assertThat;

class OpenStreamsTests {

	private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

	private final OpenStreams streams = new OpenStreams(clock, Schedulers.parallel());

	private static EdgeIdentity key(String id) {
		return new EdgeIdentity(AuthMethod.API_KEY, id, "org", List.of(), true, Mode.TEST);
	}

	@Test
	void closedWhenLastStreamOfPrincipalThenNothingKept() {
		OpenStreams.Stream first = streams.open(key("k1"), null);
		OpenStreams.Stream second = streams.open(key("k1"), null);
		assertThat(streams.hasStreams(AuthMethod.API_KEY, "k1")).isTrue();
		streams.closed(first);
		assertThat(streams.size()).isEqualTo(1);
		streams.closed(second);
		assertThat(streams.hasStreams(AuthMethod.API_KEY, "k1")).isFalse();
		assertThat(streams.size()).isZero();
	}

	@Test
	void endWhenCalledBeforeOrAfterSubscribingThenEndedCompletes() {
		OpenStreams.Stream stream = streams.open(key("k2"), null);
		stream.end("test");
		StepVerifier.create(stream.ended()).expectComplete().verify(Duration.ofSeconds(1));
	}

	@Test
	void openWhenExpiryPassedThenEndedAtOnceAndOtherPrincipalsUntouched() {
		OpenStreams.Stream expired = streams.open(key("k3"), clock.instant().minusSeconds(1));
		OpenStreams.Stream other = streams.open(key("k4"), clock.instant().plusSeconds(3600));
		StepVerifier.create(expired.ended()).expectComplete().verify(Duration.ofSeconds(1));
		StepVerifier.create(other.ended()).expectSubscription().expectNoEvent(Duration.ofMillis(200)).thenCancel().verify();
		streams.forEach(AuthMethod.API_KEY, "k3", s -> assertThat(s).isSameAs(expired));
	}

	@Test
	void endAllWhenStreamsOfSeveralPrincipalsThenEveryOneEndsAndTheCountIsReturned() {
		OpenStreams.Stream first = streams.open(key("k5"), null);
		OpenStreams.Stream second = streams.open(key("k5"), null);
		OpenStreams.Stream third = streams.open(key("k6"), null);
		assertThat(streams.endAll("shutting down")).isEqualTo(3);
		for (OpenStreams.Stream stream : List.of(first, second, third)) {
			StepVerifier.create(stream.ended()).expectComplete().verify(Duration.ofSeconds(1));
		}
	}
}
