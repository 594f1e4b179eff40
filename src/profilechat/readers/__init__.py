"""Format readers: each turns one kind of file into clean text (see `clean.finish`)."""
