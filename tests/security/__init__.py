"""Security matrix: every route × role (test_matrix), CSRF on every POST
(test_csrf), WebSocket origin and authentication (test_websockets).

`check --deploy` on the production settings lives in tests/test_settings.py
(test_check_deploy_is_clean) and is not repeated here."""
