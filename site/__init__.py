"""Project configuration. Imported as `site_config`: the standard library owns `site`."""
