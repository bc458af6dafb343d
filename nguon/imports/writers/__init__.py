"""One writer per sheet kind: it checks a chunk of parsed rows (collecting every error) and writes those
that passed through the domain services' bulk paths. See ``base.SheetWriter``."""
