from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Bahasa Indonesia unless the visitor chose another language (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, which on many phones
    and on every crawler is English; a village shop speaks Indonesian first (docs/adr/0003).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class BusyDatabaseMiddleware:
    """SQLite (the laptop demo) serialises writers; if one waits past ``busy_timeout`` the buyer
    gets a "try again" page (503) instead of an error, and nothing was saved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import OperationalError
        from django.template.response import TemplateResponse

        if isinstance(exception, OperationalError) and "locked" in str(exception):
            response = TemplateResponse(request, "busy.html", status=503)
            response["Retry-After"] = "5"
            return response.render()
        return None
