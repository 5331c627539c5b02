package keybound.testkit;
