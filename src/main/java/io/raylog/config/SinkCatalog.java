package io.raylog.config;

import java.util.List;
import java.util.ServiceLoader;

/**
 * The one list of sink types. It lives above the configuration, beside the sinks ({@code
 * io.raylog.sink.catalog.SinkTypes}), so that each sink declares its options in its own package and the
 * configuration imports no sink; the configuration finds the list through {@link ServiceLoader}
 * ({@code META-INF/services/io.raylog.config.SinkCatalog}).
 */
public interface SinkCatalog {

  /** Every sink type, in the order the reference page lists them. */
  List<SinkType> sinkTypes();

  /** The sink types of the one catalog on the class path. */
  static List<SinkType> load() {
    List<SinkCatalog> catalogs = ServiceLoader.load(SinkCatalog.class, SinkCatalog.class.getClassLoader()).stream()
        .map(ServiceLoader.Provider::get)
        .toList();
    if (catalogs.size() != 1) {
      throw new IllegalStateException("expected one " + SinkCatalog.class.getName() + " on the class path, found "
          + catalogs.size() + " (META-INF/services is missing or merged wrongly)");
    }
    return List.copyOf(catalogs.get(0).sinkTypes());
  }
}
