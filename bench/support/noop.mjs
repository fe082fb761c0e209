// The baseline of a cold-start bench: a fresh Node process that does nothing.
