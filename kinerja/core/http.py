"""Request type for views behind login_required, so `request.user` is a real User."""

from django.http import HttpRequest

from kinerja.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
