"""Administration (administrators): users with their roles and analysts' regions, and the audit trail with
filters and as a download. Role changes go through data.users (the same code as `python -m data.users`)."""

from datetime import date, datetime, time, timedelta

import pandas as pd
import streamlit as st

from app_pages.ui import auth, cache, downloads, state
from app_pages.ui.i18n import labeller, name, t
from data import audit, users
from data.errors import DataError

state.sync_url()
st.title(t("admin.title"))
if not auth.require_write("role_change"):  # no provider and not on loopback: no users, no audit trail
    st.stop()
engine = cache.engine()
me = auth.actor()

# ---------------------------------------------------------------------------------------------- users
st.subheader(t("admin.users.title"))
people = users.users(engine)
regions = cache.table("economic_regions")
region_label = {r["code"]: f"{r['code']} · {name(r)}" for r in regions.to_dict("records")}
if people.empty:
    st.info(t("admin.users.none"))
else:
    st.dataframe(
        pd.DataFrame(
            {
                t("admin.col.subject"): people["subject"],
                t("admin.col.email"): people["email"],
                t("admin.col.name"): people["display_name"],
                t("admin.col.roles"): [
                    ", ".join(t(f"role.{r}") for r in str(x).split(",") if r) for x in people["roles"]
                ],
                t("admin.col.regions"): people["regions"],
                t("admin.col.last_seen"): people["last_seen_at"],
            }
        ),
        hide_index=True,
        width="stretch",
        key="admin.users",
    )
    labels = {
        r["subject"]: f"{r['display_name'] or r['email'] or r['subject']} ({r['subject']})"
        for r in people.to_dict("records")
    }
    # The user is chosen outside the form, so that the form shows that user's roles and regions.
    who = st.selectbox(t("admin.edit.user"), list(labels), format_func=labels.get, key="admin.edit.user")
    with st.form("admin.edit", border=True):
        row = people.set_index("subject").loc[who]
        held = [r for r in str(row["roles"]).split(",") if r]
        chosen_roles = st.multiselect(
            t("admin.edit.roles"),
            list(users.ROLES),
            default=held,
            format_func=labeller("role", users.ROLES),
            key=f"admin.edit.roles.{who}",
        )
        chosen_regions = st.multiselect(
            t("admin.edit.regions"),
            list(region_label),
            default=[c for c in str(row["regions"]).split(",") if c],
            format_func=region_label.get,
            key=f"admin.edit.regions.{who}",
            help=t("admin.edit.regions_help"),
        )
        if st.form_submit_button(t("admin.edit.save"), type="primary", icon=":material/save:"):
            try:
                add = [r for r in chosen_roles if r not in held]
                drop = [r for r in held if r not in chosen_roles]
                if add:
                    users.grant(engine, me, who, add)
                if drop:
                    users.revoke(engine, me, who, drop)
                users.set_regions(engine, me, who, chosen_regions)
            except DataError as e:
                st.error(t(e.key, message=str(e), **e.params))
            else:
                st.success(t("admin.edit.saved", user=labels[who]))

with st.expander(t("admin.add.title")), st.form("admin.add", border=False):
    subject = st.text_input(t("admin.col.subject"), max_chars=255, key="admin.add.subject")
    email = st.text_input(t("admin.col.email"), max_chars=320, key="admin.add.email")
    display = st.text_input(t("admin.col.name"), max_chars=200, key="admin.add.name")
    if st.form_submit_button(t("admin.add.button"), icon=":material/person_add:"):
        try:
            users.add(engine, me, subject, email.strip() or None, display.strip() or None)
        except DataError as e:
            st.error(t(e.key, message=str(e), **e.params))
        else:
            st.rerun()

# ---------------------------------------------------------------------------------------------- audit trail
st.subheader(t("admin.audit.title"))
st.caption(t("admin.audit.caption"))
c1, c2, c3, c4 = st.columns([2, 3, 2, 2])
with c1:
    today = date.today()
    window = st.date_input(
        t("admin.audit.dates"), value=(today - timedelta(days=30), today), format="DD.MM.YYYY", key="admin.audit.dates"
    )
with c2:
    actions = st.multiselect(
        t("admin.audit.actions"),
        list(audit.ACTIONS),
        format_func=labeller("audit.action", audit.ACTIONS),
        key="admin.audit.actions",
    )
with c3:
    subjects = [""] + (people["subject"].tolist() if not people.empty else [])
    subject = st.selectbox(
        t("admin.audit.user"), subjects, format_func=lambda s: s or t("admin.audit.everyone"), key="admin.audit.user"
    )
with c4:
    outcomes = st.multiselect(
        t("admin.audit.outcomes"),
        list(audit.OUTCOMES),
        format_func=labeller("audit.outcome", audit.OUTCOMES),
        key="admin.audit.outcomes",
    )
since = until = None
if isinstance(window, tuple) and len(window) == 2:
    since, until = datetime.combine(window[0], time.min), datetime.combine(window[1] + timedelta(days=1), time.min)
events = audit.events(engine, since=since, until=until, actions=actions, subject=subject or None, outcomes=outcomes)
view = pd.DataFrame(
    {
        t("admin.audit.col.at"): events["at"],
        t("admin.audit.col.user"): events["user_label"],
        t("admin.col.subject"): events["subject"],
        t("admin.audit.col.action"): [t(f"audit.action.{a}") for a in events["action"]],
        t("admin.audit.col.outcome"): [t(f"audit.outcome.{o}") for o in events["outcome"]],
        t("admin.audit.col.target"): events["target"],
        t("admin.audit.col.detail"): events["detail"],
        t("admin.audit.col.address"): events["address"],
    }
)
st.caption(t("admin.audit.count", count=len(view)))
st.dataframe(view, hide_index=True, width="stretch", key="admin.audit.table")
downloads.offer(view, "audit_trail", "admin_audit")
