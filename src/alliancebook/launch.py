"""Where a chapter opens as a notebook: the published site, Binder, JupyterHub, Colab, a laptop.

Every address is derived from ``_config.yml``: the repository (``repository.url`` and
``branch``), the published site (``html.baseurl``, or else the repository's GitHub Pages
address) and a JupyterHub (``launch_buttons.jupyterhub_url``, or else a placeholder).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlencode, urlparse

from .edition import Edition, expect

FOLDER = "notebooks"          # the renderings' folder: the student edition, what students open
FOLDED = "with-solutions"     # its sub-folder of renderings with the solutions folded
COLAB = "https://colab.research.google.com"
HUB_PLACEHOLDER = "https://your-hub.example.org"
STUDENT_SITE_PATH = "student-edition/"   # the student site's path inside the published site
STUDENT_BRANCH = "student"          # the student bundle's branch, unless the book sets another


class Settings(NamedTuple):
    """Where the book lives: repository, branch, published site, JupyterHub; its title."""

    repo: str
    branch: str
    site: str
    hub: str
    title: str = "the book"
    student: bool = False   # the student bundle's settings (student_settings)


def site_url(repo: str, baseurl: str = "") -> str:
    """The published site: html.baseurl if set, else the repository's GitHub Pages address."""
    if baseurl:
        return baseurl.rstrip("/") + "/"
    parts = urlparse(repo)
    path = parts.path.strip("/").removesuffix(".git").split("/")
    if parts.netloc != "github.com" or len(path) != 2:
        return ""
    owner, name = path
    if name.lower() == f"{owner.lower()}.github.io":
        return f"https://{name.lower()}/"
    return f"https://{owner.lower()}.github.io/{name}/"


def settings(repo: str, branch: str = "", baseurl: str = "", hub: str = "",
             title: str = "") -> Settings:
    """Settings from the book's configuration values."""
    repo = (repo or "").rstrip("/").removesuffix(".git")
    return Settings(repo, branch or "main", site_url(repo, baseurl), (hub or "").rstrip("/"),
                    title or "the book")


def book_settings(root: Path, edition: Edition) -> Settings:
    """Settings read from the book's _config.yml, for the edition given (the student edition's
    open the student bundle's branch, ``alliancebook_student_branch`` in its Sphinx settings)."""
    import yaml

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    repo, html = config.get("repository") or {}, config.get("html") or {}
    conf = settings(repo.get("url", ""), repo.get("branch", ""), html.get("baseurl", ""),
                    (config.get("launch_buttons") or {}).get("jupyterhub_url", ""),
                    config.get("title", ""))
    if not expect(edition).solutions:
        sphinx = (config.get("sphinx") or {}).get("config") or {}
        conf = student_settings(conf, sphinx.get("alliancebook_student_branch", STUDENT_BRANCH))
    return conf


def student_settings(conf: Settings, branch: str = STUDENT_BRANCH) -> Settings:
    """The student edition's settings: its notebooks open the student bundle's branch, and
    link to the student site, which the Pages workflow publishes in STUDENT_SITE_PATH."""
    return conf._replace(branch=branch,
                         site=f"{conf.site}{STUDENT_SITE_PATH}" if conf.site else "",
                         student=True)


def notebook_path(docname: str, edition: Edition) -> str:
    """A page's rendering in the repository: notebooks/book/treaty.ipynb (student edition) or
    notebooks/with-solutions/book/treaty.ipynb (instructor edition)."""
    folded = [FOLDED] if expect(edition).solutions else []
    return "/".join([FOLDER, *folded, f"{docname}.ipynb"])


def binder_urlpath(docname: str) -> str:
    """The JupyterLab path a Binder launch opens: the page's student edition."""
    return f"lab/tree/{notebook_path(docname, Edition.STUDENT)}"


def colab_link(conf: Settings, docname: str, colab: str = COLAB) -> str:
    """The Colab link to the page's student rendering on conf's branch (Colab opens an
    .ipynb from GitHub, not the page's MyST; a solution would run with *Run All*)."""
    owner_repo = urlparse(conf.repo).path.strip("/")
    return (f"{colab.rstrip('/')}/github/{owner_repo}/blob/{conf.branch}/"
            f"{notebook_path(docname, Edition.STUDENT)}")


def hub_link(conf: Settings, docname: str, edition: Edition) -> str:
    """An nbgitpuller link that clones the repository on a JupyterHub and opens the page's
    rendering for the edition given."""
    folder = conf.repo.rsplit("/", 1)[-1]
    query = urlencode({"repo": conf.repo, "branch": conf.branch,
                       "urlpath": f"lab/tree/{folder}/{notebook_path(docname, edition)}"},
                      safe="/:")
    return f"{conf.hub or HUB_PLACEHOLDER}/hub/user-redirect/git-pull?{query}"


def clone_command(conf: Settings, opens: str = "", windows: bool = False) -> str:
    """One shell command: copy the repository, install its requirements, start JupyterLab."""
    folder = conf.repo.rsplit("/", 1)[-1]
    branch = "" if conf.branch == "main" else f"--branch {conf.branch} "
    if windows:
        path = opens.replace("/", "\\")
        return (f"git clone {branch}{conf.repo}.git && cd {folder} && py -m venv .venv && "
                ".venv\\Scripts\\pip install -r requirements.txt && "
                f".venv\\Scripts\\jupyter lab {path}").rstrip()
    return (f"git clone {branch}{conf.repo}.git && cd {folder} && \\\n"
            "  python3 -m venv .venv && .venv/bin/pip install -r requirements.txt && \\\n"
            f"  .venv/bin/jupyter lab {opens}").rstrip()
