import os

from django.core.wsgi import get_wsgi_application

# A server is production unless told otherwise; grassroots.settings itself refuses DEBUG and the development key
# without GRASSROOTS_DEV=1.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grassroots.settings_production")
application = get_wsgi_application()
