pytest_plugins = ["tests.fixtures.redis", "tests.fixtures.sandbox"]
