"""Request and response models: parsing and validation happen here, once."""
