from tests.web.pages.test_deadline_pages import smtp_server  # noqa: F401 (the real SMTP server)
