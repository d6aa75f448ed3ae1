"""The deployment files say the same thing: systemd, the container and `make run` start the
same commands, the nginx site parses, the environment template names real settings."""

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"


def unit_commands() -> dict[str, list[str]]:
    found = {}
    for unit in (DEPLOY / "systemd").glob("*.service"):
        [line] = [x for x in unit.read_text().splitlines() if x.startswith("ExecStart=")]
        words = line.removeprefix("ExecStart=").split()
        found[unit.stem.removeprefix("tokodesa-").rstrip("@")] = words
    return found


def compose_commands() -> dict[str, list[str]]:
    text = (REPO / "compose.yaml").read_text()
    found = {}
    for name, command in re.findall(r"^  (\w+):\n(?:    .*\n)*?    command: (\[.*\])", text, re.M):
        found[name] = re.findall(r'"([^"]*)"', command)
    return found


def _tokodesa_part(words: list[str]) -> list[str]:
    """`… python -m tokodesa worker --worker-id X` → ["worker"]: the command, not its id."""
    at = words.index("tokodesa")
    assert words[at - 1] == "-m", words
    command = words[at + 1 :]
    if "--worker-id" in command:  # each place names its own worker
        i = command.index("--worker-id")
        del command[i : i + 2]
    return command


def test_systemd_and_the_container_run_the_same_three_commands():
    units, compose = unit_commands(), compose_commands()
    assert set(units) == {"web", "worker", "scheduler"}
    for name in units:
        assert _tokodesa_part(units[name]) == _tokodesa_part(compose[name]), name
    dockerfile = (REPO / "Dockerfile").read_text()
    cmd = re.findall(r'"([^"]*)"', re.search(r"^CMD (\[.*\])", dockerfile, re.M)[1])
    assert _tokodesa_part(cmd) == _tokodesa_part(units["web"]) == ["serve"]
    makefile = (REPO / "Makefile").read_text()
    assert "$(MANAGE) serve" in makefile  # make run starts the app server the same way


def test_the_app_server_command_is_gunicorn_with_the_platform_settings(monkeypatch):
    from tokodesa.ops.management.commands.serve import gunicorn_argv

    monkeypatch.setenv("WEB_BIND", "127.0.0.1:8001")
    argv = gunicorn_argv()
    assert argv[:2] == ["gunicorn", "tokodesa.wsgi"]
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:8001"
    assert "--max-requests" in argv and "--forwarded-allow-ips" in argv


def test_the_environment_template_names_only_settings_that_exist():
    read = set(
        re.findall(r'environ\.get\("([A-Z0-9_]+)"', (REPO / "tokodesa/settings.py").read_text())
    )
    read |= set(
        re.findall(
            r'env_(?:bool|list)\("([A-Z0-9_]+)"', (REPO / "tokodesa/settings.py").read_text()
        )
    )
    read.add("DATABASE_URL")  # read by dj_database_url.config()
    serve = (REPO / "tokodesa/ops/management/commands/serve.py").read_text()
    read |= set(re.findall(r'env\("([A-Z0-9_]+)"', serve))  # the app server's own
    template = (DEPLOY / "systemd" / "tokodesa.env.example").read_text()
    names = {line.split("=", 1)[0] for line in template.splitlines() if re.match(r"[A-Z]", line)}
    assert names and names <= read, names - read


def test_the_nginx_site_parses(tmp_path):
    """nginx -t on the site as shipped, in a throwaway nginx.conf (paths pointed at tmp)."""
    text = (DEPLOY / "nginx" / "tokodesa.conf").read_text()
    text = text.replace("/srv/tokodesa/app/deploy/nginx/", f"{DEPLOY}/nginx/")
    text = text.replace("/srv/tokodesa/var", str(tmp_path))
    # A self-signed pair stands in for certbot's certificate.
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=localhost",
            "-days",
            "1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    text = text.replace("/etc/letsencrypt/live/tokodesa/fullchain.pem", str(cert))
    text = text.replace("/etc/letsencrypt/live/tokodesa/privkey.pem", str(key))
    brotli = Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so")
    (tmp_path / "site.conf").write_text(text)
    (tmp_path / "nginx.conf").write_text(
        f"load_module {brotli};\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "events {}\nhttp { include /etc/nginx/mime.types; "
        f"include {tmp_path}/site.conf; }}\n"
    )
    check = subprocess.run(
        ["nginx", "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr


def test_every_command_deploy_md_runs_exists():
    """docs/deploy.md is followed by hand: each `run <command>` it names must be a command."""
    from django.core.management import get_commands

    text = (REPO / "docs" / "deploy.md").read_text()
    named = set(re.findall(r"(?:^|`)run (\w+)", text, re.M))
    assert {"migrate", "load_regions", "storage_init", "backup", "restore"} <= named
    assert named <= set(get_commands()), named - set(get_commands())
    for unit in (DEPLOY / "systemd").glob("*.service"):
        assert unit.name in text  # every unit is installed by the guide
