package dev.mcpedge.pipeline;

import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

import org.springframework.http.HttpHeaders;

/**
 * The copy of a message's headers that the header filters make for one request (the headers sent to
 * the backend, or those of its response), which the filters after the one that made it change in
 * place instead of copying again. It is a plain {@link HttpHeaders} on a case-insensitive map, whose
 * names are unique whatever their case.
 * <p>
 * Why a class of its own: {@link HttpHeaders#forEach} and {@link HttpHeaders#headerNames} first build a
 * case-insensitive set of the names, with a lower-cased copy of each, because other backing maps can
 * hold one name in two spellings; Spring Cloud Gateway walks the headers it sends with
 * {@code forEach} on every request. Here both walk the map itself: the same names, in the same order
 * (the first spelling of each), with the same values.
 */
public final class HeaderCopy extends HttpHeaders {

	@Override
	public void forEach(BiConsumer<? super String, ? super List<String>> action) {
		asMultiValueMap().forEach(action);
	}

	/** The names, as a view that removes a header when a name is removed from it. */
	@Override
	public Set<String> headerNames() {
		return asMultiValueMap().keySet();
	}
}
