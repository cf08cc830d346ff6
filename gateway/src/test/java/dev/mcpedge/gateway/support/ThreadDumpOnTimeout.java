package dev.mcpedge.gateway.support;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a test fails because a request got no answer in time, prints every thread of the test JVM
 * (gateway, backends and clients alike) to the test's output, so that a rare hang leaves evidence.
 * Registered for every test through {@code META-INF/services} and auto-detection.
 */
public class ThreadDumpOnTimeout implements TestExecutionExceptionHandler {

	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (String.valueOf(cause.getMessage()).contains("Timeout on blocking read")) {
				StringBuilder dump = new StringBuilder("Threads when " + context.getDisplayName() + " timed out:\n");
				for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
					dump.append('"').append(thread.getThreadName()).append("\" ").append(thread.getThreadState());
					if (thread.getLockName() != null) {
						dump.append(" on ").append(thread.getLockName()).append(" owned by ").append(thread.getLockOwnerName());
					}
					dump.append('\n');
					for (StackTraceElement frame : thread.getStackTrace()) { // all frames: ThreadInfo.toString stops at 8
						dump.append("\tat ").append(frame).append('\n');
					}
				}
				System.err.println(dump);
				break;
			}
		}
		throw failure;
	}
}
