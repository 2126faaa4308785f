"""Every action_id, callback_id and block_id the bot uses, in one place.

Buttons carry the case Id (18 characters) as their `value` (the ones that open a modal: slackui/values.py's
`CaseTarget`, the case Id with what the modal shows); the listener re-checks that the clicking user
owns the case before acting, so a forwarded card cannot let another user act.
Notifications (notifications/) build cards with these same ids; the bot (bot/) handles them.
"""
from __future__ import annotations

import re

# Buttons on case cards and notifications (value = case Id; a CaseTarget for the ones that open a modal)
ADD_COMMENT = "case_add_comment"        # opens the Add comment modal
ADD_DETAILS = "case_add_details"        # opens the Add details (description) modal
ATTACH_FILE = "case_attach_file"        # explains how to attach (share the file in the DM)
CLOSE_CASE = "case_close"
REOPEN_CASE = "case_reopen"
VIEW_CASE = "case_view"                 # posts the status card / details
MUTE_CASE = "case_mute"                 # stop notifications for this case
UNMUTE_CASE = "case_unmute"
LOOKS_GOOD = "case_looks_good"          # acknowledges a resolution notification
EDIT_SUBJECT = "case_edit_subject"      # opens the Edit subject modal (on the filing confirmation)

# Conversation buttons: values are slackui/values.py's
DID_YOU_MEAN = "nlu_did_you_mean"       # value: IntentChoice {"intent", "pending"}
PICK_CASE = "pick_case"                 # value: CaseChoice {"case_id", "pending"}
PICK_NONE = "pick_none"                 # "Not that one" / "No" under a yes/no; value: QuestionRef {"pending"}
DUPLICATE_ADD_COMMENT = "dup_add_comment"   # "Is this about case X?" -> add the text as a comment; CaseChoice
DUPLICATE_FILE_NEW = "dup_file_new"         # -> file a new case anyway; QuestionRef
KB_FIXED = "kb_fixed"                   # Knowledge answer: "This fixed it"; value: the answer's id
KB_FILE = "kb_file"                     # "File my case": files the problem with the articles tried; value: answer id
KB_OPEN = "kb_open"                     # "Open" (a link button, numbered per article); value: "answer id:article"
# A channel filing's private questions to the message's author (bot/channels/asking.py); value: the question id
CHANNEL_DUP_ADD = "chan_dup_add"           # "Is this about case X?" -> add the message to X
CHANNEL_DUP_NEW = "chan_dup_new"           # -> file it in the thread as a new case
CHANNEL_KB_FIXED = "chan_kb_fixed"         # the articles offered privately: "This fixed it"
CHANNEL_KB_FILE = "chan_kb_file"           # "File my case": files it in the thread

# Modals (callback_id)
VIEW_ADD_COMMENT = "modal_add_comment"  # private_metadata = case Id
VIEW_ADD_DETAILS = "modal_add_details"  # private_metadata = case Id
VIEW_NEW_CASE = "modal_new_case"
VIEW_EDIT_SUBJECT = "modal_edit_subject"  # private_metadata = case Id

# Input blocks/actions inside modals
BLOCK_COMMENT = "comment_block"
INPUT_COMMENT = "comment_input"
BLOCK_SUBJECT = "subject_block"
INPUT_SUBJECT = "subject_input"
BLOCK_DESCRIPTION = "description_block"
INPUT_DESCRIPTION = "description_input"
BLOCK_TYPE = "type_block"
INPUT_TYPE = "type_input"
BLOCK_FILE = "file_block"
INPUT_FILE = "file_input"

OPENS_MODAL = (ADD_COMMENT, ADD_DETAILS, EDIT_SUBJECT)      # value: CaseTarget {"case_id", "number", "subject"}
CASE_ACTIONS = (ADD_COMMENT, ADD_DETAILS, ATTACH_FILE, CLOSE_CASE, REOPEN_CASE, VIEW_CASE, MUTE_CASE,
                UNMUTE_CASE, LOOKS_GOOD, EDIT_SUBJECT)
NOTIFY_SETTINGS = "notify_settings"     # App Home checkboxes: the notification kinds switched on
NOTIFY_QUIET_START = "notify_quiet_start"   # App Home select: quiet hours start ("off": none)
NOTIFY_QUIET_END = "notify_quiet_end"       # App Home select: quiet hours end
NOTIFY_WEEKENDS = "notify_weekends"         # App Home checkbox: weekends quiet
NOTIFY_DIGEST = "notify_digest"             # App Home select: daily digest hour ("off": as it happens)
NOTIFY_TIMING = (NOTIFY_QUIET_START, NOTIFY_QUIET_END, NOTIFY_WEEKENDS, NOTIFY_DIGEST)
SHOW_MORE = "list_more"                 # "Show more" under a long list; value: ListPage {"list", "start"}

# Buttons of one kind in one block are numbered (`pick_case:0`, `pick_case:1`, ...), since Slack wants
# action_ids unique within a block; `any_of` matches both the numbered ids and the bare one of older messages.


def any_of(action_id: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(action_id)}(?::\d+)?$")
