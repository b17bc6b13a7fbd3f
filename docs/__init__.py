"""Package data: the documentation pages, shipped inside the wheel as `generator.manual`."""
