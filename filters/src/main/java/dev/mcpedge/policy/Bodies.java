package dev.mcpedge.policy;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/** Pooled buffers turned into plain bytes at once, so none is held longer than it takes to copy. */
final class Bodies {

	private Bodies() {
	}

	static byte[] copyAndRelease(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}
}
