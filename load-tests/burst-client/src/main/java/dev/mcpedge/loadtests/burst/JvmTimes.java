package dev.mcpedge.loadtests.burst;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * This JVM's time spent compiling (JIT, summed over the compiler threads) and collecting garbage
 * (summed over the collectors; G1's young and mixed pauses, and its concurrent cycles), in ms.
 */
record JvmTimes(long jitMillis, long gcMillis) {

	static JvmTimes now() {
		long gc = 0;
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			gc += Math.max(0, collector.getCollectionTime());
		}
		var compilation = ManagementFactory.getCompilationMXBean();
		long jit = compilation != null && compilation.isCompilationTimeMonitoringSupported()
				? compilation.getTotalCompilationTime() : -1;
		return new JvmTimes(jit, gc);
	}

	JvmTimes minus(JvmTimes before) {
		return new JvmTimes(jitMillis - before.jitMillis, gcMillis - before.gcMillis);
	}
}
