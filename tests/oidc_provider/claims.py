def userinfo(claims, user):  # type: ignore[no-untyped-def]
    """The standard claims the provider gives out: the council's directory knows each person's email."""
    claims["name"] = user.get_full_name()
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["email"] = user.email
    claims["email_verified"] = True
    return claims
