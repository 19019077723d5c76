#!/usr/bin/env python3
"""Sharik's two commands, for a machine that has nothing but Python 3.11+.

    python3 dev.py serve   # set up, migrate, load the Salé demo, serve http://127.0.0.1:8000
    python3 dev.py test    # set up and run the whole test suite (extra arguments go to pytest)
    python3 dev.py test --quick   # the same without the browser journeys (a few minutes)

Testing also installs, with npm when it is there, the browser tests' axe-core (package-lock.json).

Setting up means: a virtual environment in .venv with the dependencies of pyproject.toml
(reinstalled when that file changes) and the message catalogs compiled in Python.
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".sharik-installed"


def run(*args, **kwargs):
    print("→", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], cwd=ROOT, check=True, **kwargs)


def set_up():
    if sys.version_info < (3, 11):
        sys.exit("Sharik needs Python 3.11 or newer.")
    if not PYTHON.exists():
        print("Creating the virtual environment in .venv …", flush=True)
        venv.create(VENV, with_pip=True)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text().strip() != wanted:
        run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        run(PYTHON, "-m", "pip", "install", "--quiet", "-e", ".[dev]")
        STAMP.write_text(wanted)
    run(PYTHON, "manage.py", "compile_catalogs")
    run(PYTHON, "manage.py", "build_fonts")


def set_aside_database_from_before_the_restructuring():
    """The migrations were written anew when the code took its present shape (November 2026,
    before any deployment). An embedded database made earlier cannot follow them: keep it aside
    under another name and start a new one (the demo is loaded again)."""
    database = Path(os.environ.get("SHARIK_DATA_DIR", ROOT / "var")) / "sharik.sqlite3"
    if os.environ.get("DATABASE_URL") or not database.exists():
        return
    connection = sqlite3.connect(database)
    try:
        old = connection.execute(
            "SELECT 1 FROM django_migrations WHERE app = 'cms' AND name LIKE '0004_%'"
        ).fetchone()
    except sqlite3.DatabaseError:
        return
    finally:
        connection.close()
    if old:
        aside = database.with_name("sharik.before-restructuring.sqlite3")
        for suffix in ("", "-wal", "-shm"):  # the write-ahead log goes with its database
            part = Path(f"{database}{suffix}")
            if part.exists():
                part.rename(Path(f"{aside}{suffix}"))
        print(f"Kept the database made before the restructuring as {aside}; starting a new one.")


def serve():
    set_up()
    set_aside_database_from_before_the_restructuring()
    run(PYTHON, "manage.py", "migrate", "--noinput")
    run(PYTHON, "manage.py", "seed_demo")
    print(
        "\nSharik is on http://127.0.0.1:8000/ar/ (Arabic), /fr/ and /en/; "
        "staff admin on http://127.0.0.1:8000/staff/. Stop with Ctrl+C.\n",
        flush=True,
    )
    os.chdir(ROOT)
    os.execv(
        PYTHON,
        [
            str(PYTHON),
            "-m",
            "uvicorn",
            "sharik.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            os.environ.get("PORT", "8000"),
            "--lifespan",
            "off",
        ],
    )


def install_browser_test_tools():
    """axe-core, which the accessibility tests inject into each page, from npm at the version
    package-lock.json pins (into node_modules/, ignored by git; never served). Reinstalled when
    the lock changes. Without npm the accessibility tests are skipped with the reason."""
    npm = shutil.which("npm")
    if npm is None:
        print("npm not found: the accessibility tests will be skipped (install nodejs and npm).")
        return
    stamp = ROOT / "node_modules" / ".sharik-installed"
    wanted = hashlib.sha256((ROOT / "package-lock.json").read_bytes()).hexdigest()
    installed = (ROOT / "node_modules" / "axe-core" / "axe.min.js").exists()
    if installed and stamp.exists() and stamp.read_text().strip() == wanted:
        return
    run(npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error")
    stamp.write_text(wanted)


def test(pytest_args):
    set_up()
    if "--quick" in pytest_args:
        pytest_args = [arg for arg in pytest_args if arg != "--quick"]
        pytest_args = ["-m", "not e2e", *pytest_args]
    else:
        install_browser_test_tools()
    os.chdir(ROOT)
    # --durations prints the slowest tests: a slow test is a bug to fix.
    os.execv(PYTHON, [str(PYTHON), "-m", "pytest", "--durations=15", *pytest_args])


def main():
    command, *rest = sys.argv[1:] or ["help"]
    if command == "serve":
        serve()
    elif command == "test":
        test(rest)
    else:
        print(__doc__)
        sys.exit(0 if command in {"help", "-h", "--help"} else 2)


if __name__ == "__main__":
    main()
