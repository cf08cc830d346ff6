package dev.mcpedge.gateway;

import dev.mcpedge.errors.EdgeErrorWebExceptionHandler;
import dev.mcpedge.errors.ErrorResponder;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application serves nothing but the edge, so it answers every error as the edge does, in JSON:
 * unknown paths (404), the admin API, the actuator. The library alone answers only the exchanges of
 * the edge's routes and leaves a host application's errors to the host; this bean replaces its handler.
 */
@Configuration(proxyBeanMethods = false)
class JsonErrorsEverywhere {

	@Bean
	EdgeErrorWebExceptionHandler mcpEdgeErrorWebExceptionHandlerForEveryPath(ErrorResponder responder) {
		return EdgeErrorWebExceptionHandler.forEveryExchange(responder);
	}
}
