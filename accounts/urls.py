from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/code/", views.second_factor, name="second_factor"),
    path("logout/", views.logout_view, name="logout"),
    path("security/", views.security, name="security"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html", success_url=reverse_lazy("accounts:security")
        ),
        name="password_change",
    ),
    path("security/totp/disable/", views.totp_disable, name="totp_disable"),
    path("security/tokens/new/", views.api_token_create, name="api_token_create"),
    path("security/tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("officials/", views.official_list, name="officials"),
    path("officials/<int:pk>/", views.official_detail, name="official_detail"),
    path("roles/<int:pk>/revoke/", views.role_revoke, name="role_revoke"),
]
