"""Who is using the app and what they may do: sign-in through the identity provider (st.login / st.user /
st.logout, configured in the `[auth]` section of secrets), local mode, the region scope, the navigation a role
sees, and the audit events of the session.

Three modes:
- `oidc`: an identity provider is configured; nobody sees anything before signing in; roles come from the
  database (data.users), optionally mapped from a groups claim (`[access]` section or ACCESS_GROUPS_* variables).
- `local`: no provider, the server bound to a loopback address and not behind a proxy: one local user holding every
  role. Behind a proxy (TRUSTED_PROXY=1) a loopback-bound replica is reachable by whoever reaches the proxy, so it is
  `exposed` unless PROXY_ON_LOOPBACK=1 says the proxy itself listens on loopback only (the one-machine trial).
- `exposed`: no provider, the server bound to any other address: pages are read as in local mode, but every
  write (import, rollback, freeze, role changes) is refused with the reason.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import streamlit as st

from app_pages.ui import cache
from app_pages.ui.cache import SCOPE_KEY
from app_pages.ui.i18n import t
from data import audit, users
from data.config import group_role_mapping, proxy_on_loopback, trust_forwarded_for

OIDC, LOCAL, EXPOSED = "oidc", "local", "exposed"
USER_KEY = "auth.user"  # the session's User (set by app.py on every run, read by the pages)
SIGNED_IN_KEY = "auth.signed_in_subject"  # the subject whose sign-in this session has recorded
DENIED_KEY = "auth.denied_recorded"
SEEN_KEY = "auth.seen_at"  # when this session first saw its signed-in user (when the token carries no `iat`)
ENDED_KEY = "auth.ended"  # this session's sign-in was ended by a later sign-out (a copied cookie): the subject
LOCAL_SUBJECT = "local"


@dataclass(frozen=True)
class User:
    """The person using this session: subject, a label for people, roles, region scope, the mode."""

    subject: str | None
    label: str
    email: str | None
    roles: frozenset[str]
    regions: tuple[str, ...] | None  # None: the whole country
    mode: str

    def has(self, *roles: str) -> bool:
        """Whether the user holds any of `roles`."""
        return bool(self.roles & set(roles))

    @property
    def can_write(self) -> bool:
        """Whether this session may change stored data (never unauthenticated on the network)."""
        return self.mode in (OIDC, LOCAL)


# ---------------------------------------------------------------------------------------------- settings


def _auth_section() -> Mapping[str, Any]:
    try:
        section = st.secrets.get("auth")
    except (FileNotFoundError, KeyError, AttributeError):
        return {}
    return section or {}


def provider_configured() -> bool:
    """Whether an identity provider is configured (the `[auth]` secrets with its metadata URL and client id)."""
    section = _auth_section()
    return bool(section.get("server_metadata_url") and section.get("client_id"))


def is_loopback(address: str | None) -> bool:
    """Whether the server's bind address (server.address) reaches this machine only. Empty means every
    interface, so it is not loopback."""
    if not address:
        return False
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def mode() -> str:
    """oidc, local or exposed (see the module docstring)."""
    if provider_configured():
        return OIDC
    if not is_loopback(st.get_option("server.address")):
        return EXPOSED
    return EXPOSED if trust_forwarded_for() and not proxy_on_loopback() else LOCAL


def _groups_mapping() -> tuple[str, dict[str, list[str]]] | None:
    try:
        section = dict(st.secrets.get("access") or {})
    except (FileNotFoundError, KeyError, AttributeError):
        section = {}
    return group_role_mapping(section)


def client_address() -> str:
    """The client's address as the server saw it (X-Forwarded-For only behind a trusted proxy, TRUSTED_PROXY=1)."""
    if trust_forwarded_for():
        forwarded = st.context.headers.get("X-Forwarded-For") or st.context.headers.get("X-Real-Ip")
        if isinstance(forwarded, str) and forwarded:
            return forwarded.split(",")[0].strip()[:64]
    ip = st.context.ip_address  # None on loopback (Streamlit hides 127.0.0.1 and ::1)
    return ip if isinstance(ip, str) and ip else "127.0.0.1"


# ---------------------------------------------------------------------------------------------- the user


def issued_at() -> datetime:
    """When the session's identity token was issued (its `iat` claim, naive UTC); a provider that sends none: when
    this session first saw the signed-in user."""
    iat = st.user.get("iat")
    if isinstance(iat, int | float) and not isinstance(iat, bool):
        return datetime.fromtimestamp(int(iat), UTC).replace(tzinfo=None)
    seen = st.session_state.setdefault(SEEN_KEY, datetime.now(UTC).replace(tzinfo=None, microsecond=0))
    return seen


def _signed_in_user() -> User | None:
    """The signed-in user (recording the sign-in once per session), or None: nobody signed in, or a sign-in that
    a later sign-out of the same user ended (a cookie copied before the sign-out): refused and recorded."""
    if not st.user.is_logged_in:
        st.session_state.pop(SIGNED_IN_KEY, None)
        return None
    subject = str(st.user.get("sub") or "")
    if not subject:
        return None
    email = st.user.get("email")
    name = st.user.get("name") or st.user.get("preferred_username")
    label = str(name or email or subject)
    actor = audit.Actor(subject, label, client_address())
    if users.token_revoked(cache.engine(), subject, issued_at()):  # on every run: one indexed read
        st.session_state.pop(SIGNED_IN_KEY, None)
        if st.session_state.get(ENDED_KEY) != subject:  # once per session, not on every rerun
            st.session_state[ENDED_KEY] = subject
            audit.record(
                cache.engine(),
                actor,
                "access_denied",
                outcome="denied",
                target="session",
                detail={"reason": "signed out", "issued_at": issued_at().isoformat()},
            )
        return None
    st.session_state.pop(ENDED_KEY, None)
    if st.session_state.get(SIGNED_IN_KEY) != subject:
        mapping = _groups_mapping()
        group_roles = None
        if mapping is not None:
            claim, roles_by_group = mapping
            raw = st.user.get(claim) or []
            group_roles = users.roles_from_groups([raw] if isinstance(raw, str) else raw, roles_by_group)
        access = users.sign_in(cache.engine(), actor, email, name, group_roles)
        st.session_state[SIGNED_IN_KEY] = subject
    else:
        access = users.access(cache.engine(), subject)
    return User(subject, label, email, access.roles, access.regions, OIDC)


def current_user() -> User | None:
    """The session's user (None: a provider is configured and nobody is signed in); stores it and its region
    scope in the session for the pages and the caches."""
    m = mode()
    if m == OIDC:
        user = _signed_in_user()
    else:
        label = t("auth.local_user") if m == LOCAL else t("auth.network_user")
        user = User(LOCAL_SUBJECT if m == LOCAL else None, label, None, frozenset(users.ROLES), None, m)
    st.session_state[USER_KEY] = user
    # Nobody signed in: an empty scope, so that nothing below the country level could be read even by mistake.
    st.session_state[SCOPE_KEY] = () if user is None else user.regions
    return user


def user() -> User | None:
    """The user app.py found for this run."""
    return st.session_state.get(USER_KEY)


def actor() -> audit.Actor:
    """The session's user as the audit trail records them."""
    u = user()
    if u is None:
        return audit.Actor(None, None, client_address())
    return audit.Actor(u.subject, u.label, client_address())


def record(action: str, *, outcome: str = "ok", target: str | None = None, detail: dict | None = None) -> None:
    """Append an event of this session to the audit trail."""
    audit.record(cache.engine(), actor(), action, outcome=outcome, target=target, detail=detail)


def require_write(what: str) -> bool:
    """True when this session may perform the write `what`; otherwise says why on the page, records the refusal
    and returns False."""
    reason = write_refusal()
    if reason is None:
        return True
    st.error(reason, icon=":material/block:")
    flag = f"auth.refused.{what}"
    if not st.session_state.get(flag):  # once per session and kind of write, not on every rerun
        st.session_state[flag] = True
        record("write_refused", outcome="denied", target=what)
    return False


def write_refusal() -> str | None:
    """The reason writes are refused in this session (None when they are allowed)."""
    u = user()
    if u is not None and u.can_write:
        return None
    return t("auth.write_refused", address=st.get_option("server.address") or "0.0.0.0")


# ---------------------------------------------------------------------------------------------- navigation


@dataclass(frozen=True)
class Entry:
    """A page of the navigation and the roles that may open it."""

    page: Any  # st.Page
    roles: tuple[str, ...]


def _path(page: Any) -> str:
    """The URL path a page was declared with (the default page reports "" for the root URL)."""
    return page.url_path or getattr(page, "_url_path", "") or ""


def _denied(title: str, path: str) -> Callable[[], None]:
    def page() -> None:
        st.title(title)
        st.error(t("auth.denied"), icon=":material/block:")
        if st.session_state.get(DENIED_KEY) != path:  # once per page and session, not on every rerun
            st.session_state[DENIED_KEY] = path
            record("access_denied", outcome="denied", target=path)

    return page


def _sign_in_page() -> None:
    st.title(t("auth.sign_in.title"))
    if st.session_state.get(ENDED_KEY):
        st.warning(t("auth.signed_out_elsewhere"), icon=":material/logout:")
    st.write(t("auth.sign_in.text"))
    if st.button(t("auth.sign_in.button"), type="primary", icon=":material/login:", key="auth.sign_in"):
        st.login()


def navigation(sections: Mapping[str, Sequence[Entry]], user: User | None) -> dict[str, list]:
    """The pages `user` may open, by section; every other page keeps its URL but shows a refusal there (and is
    not listed). Nobody signed in: a sign-in page answers every URL."""
    out: dict[str, list] = {}
    hidden: list = []
    if user is None:
        out[""] = [st.Page(_sign_in_page, title=t("auth.sign_in.title"), url_path="sign_in", default=True)]
        for entries in sections.values():
            for e in entries:
                if _path(e.page):
                    hidden.append(
                        st.Page(_sign_in_page, title=e.page.title, url_path=_path(e.page), visibility="hidden")
                    )
        out[""].extend(hidden)
        return out
    for section, entries in sections.items():  # with the default page refused, the first allowed one is home
        for e in entries:
            if user.has(*e.roles):
                out.setdefault(section, []).append(e.page)
            else:
                hidden.append(
                    st.Page(
                        _denied(e.page.title, _path(e.page)),
                        title=e.page.title,
                        url_path=_path(e.page),
                        visibility="hidden",
                    )
                )
    if not out:  # signed in without any role yet
        out[""] = [st.Page(_no_role_page, title=t("auth.no_role.title"), url_path="no_role", default=True)]
    else:  # "/" opens the first page the role may use; every page keeps its own URL
        first = next(iter(out.values()))[0]
        hidden.insert(0, st.Page(_home(first), title=first.title, url_path="home", default=True, visibility="hidden"))
    out.setdefault("", []).extend(hidden)
    return out


def _home(first: Any) -> Callable[[], None]:
    def page() -> None:
        st.switch_page(first, query_params=st.query_params.to_dict())

    return page


def _no_role_page() -> None:
    st.title(t("auth.no_role.title"))
    st.info(t("auth.no_role.text"), icon=":material/hourglass_empty:")


def sidebar(user: User | None) -> None:
    """The signed-in user (or local mode) and the sign-out button, in the sidebar."""
    if user is None:
        return
    if user.mode == LOCAL:
        st.caption(t("auth.local_mode"))
    elif user.mode == EXPOSED:
        st.warning(t("auth.exposed_mode"), icon=":material/public:")
    else:
        roles = ", ".join(t(f"role.{r}") for r in users.ROLES if r in user.roles) or t("auth.no_role.short")
        st.caption(t("auth.signed_in_as", name=user.label, roles=roles))
        if user.regions is not None:
            st.caption(t("auth.regions", regions=", ".join(user.regions) or "—"))
        if st.button(t("auth.sign_out"), icon=":material/logout:", key="auth.sign_out"):
            users.sign_out(cache.engine(), actor())  # ends every session of this user, copied cookies included
            st.session_state.pop(SIGNED_IN_KEY, None)
            st.logout()


def audited(
    make: Callable[[], bytes], action: str, target: str, detail: dict | Callable[[], dict] | None = None
) -> Callable[[], bytes]:
    """A download's data callable that records `action` (deck_export, data_export) when the file is made, i.e.
    when the user clicks. The engine, the actor and the token's issue time are taken now: the click is served
    outside the script run. A sign-in ended by a sign-out since then gets an empty file (recorded as denied).
    `detail` may be a callable, read once the file is made (what it describes is known only then)."""
    engine = cache.engine()
    who = actor()
    issued = issued_at() if who.subject and user() is not None and user().mode == OIDC else None

    def data() -> bytes:
        if issued is not None and users.token_revoked(engine, who.subject, issued):
            audit.record(engine, who, action, outcome="denied", target=target, detail={"reason": "signed out"})
            return b""
        out = make()
        audit.record(engine, who, action, target=target, detail=detail() if callable(detail) else detail)
        return out

    return data


def refuse(page: str, asked: str | None) -> None:
    """Refuse a view outside the user's region scope: say so, record it, stop the page."""
    st.error(t("auth.out_of_scope") if asked else t("auth.no_regions"), icon=":material/block:")
    if st.session_state.get(DENIED_KEY) != f"{page}:{asked}":
        st.session_state[DENIED_KEY] = f"{page}:{asked}"
        record("access_denied", outcome="denied", target=f"{page}:{asked or ''}", detail={"reason": "region scope"})
    st.stop()
