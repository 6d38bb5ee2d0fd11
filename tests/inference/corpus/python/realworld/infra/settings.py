import pulumi


class Settings:
    """Configuration read once, in __init__: an instance's attributes are known per stack."""

    def __init__(self) -> None:
        cfg = pulumi.Config()
        self.environment = cfg.get("environment", "prod")
        self.region = "eu"
