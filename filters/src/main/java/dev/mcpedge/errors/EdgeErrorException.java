package dev.mcpedge.errors;

/**
 * Carries an {@link EdgeError} out of code that cannot return one (annotated controllers);
 * rendered by {@link EdgeErrorWebExceptionHandler}. No stack trace: it is an answer, not a fault.
 */
public final class EdgeErrorException extends RuntimeException {

	private final EdgeError error;

	public EdgeErrorException(EdgeError error) {
		super(String.valueOf(error.status()), null, false, false);
		this.error = error;
	}

	public EdgeError error() {
		return error;
	}
}
