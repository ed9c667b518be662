"""Chinese first: the interface language is zh-hans unless the user picks another."""


class ChineseFirstMiddleware:
    """Ignore the browser's Accept-Language so an English-language browser still
    gets the Chinese interface; the language switcher's cookie still chooses English.
    Must run before django.middleware.locale.LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
