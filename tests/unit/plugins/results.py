"""What the operation tests check of a ``Result``."""


def values_and_failure(result):
    """An operation's ``Result`` as what its module returns and its failure message (None when it succeeded)."""
    return result.module_result(), result.failure
