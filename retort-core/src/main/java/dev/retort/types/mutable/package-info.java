/**
 * Change tracking for values held in columns, the seeds' mutable extension: {@link
 * dev.retort.types.mutable.MutableMap} and {@link dev.retort.types.mutable.MutableList} report
 * in-place changes to {@link dev.retort.types.mutable.MutationListener}s, {@code asMutable}
 * types read values back as such, and a {@link dev.retort.types.mutable.Snapshot} tells whether
 * a value differs, deeply, from what was loaded.
 *
 * <pre>{@code
 * TypeEngine<MutableMap<String, Object>> prefsType = MutableMap.asMutable(PickleType.builder().build());
 * MutableMap<String, Object> prefs = (MutableMap<String, Object>) row.get("prefs");
 * Snapshot<MutableMap<String, Object>> loaded = Snapshot.of(prefsType, prefs);
 * prefs.addListener(source -> dirty = true);
 * prefs.put("theme", "dark");                  // heard of; loaded.isChanged(prefs) is true
 * }</pre>
 */
package dev.retort.types.mutable;
