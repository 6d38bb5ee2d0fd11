def audit(value):
    return value
