"""The demo org's IT knowledge base (seed data): 34 published articles, drafts, versions replaced by newer ones,
an article retired (archived) and a German translation. Created and published through the same paths the REST
API takes (a Draft insert, then the publishing action), in a fixed order so Ids are stable.
"""
from __future__ import annotations

from typing import Any

from . import knowledge
from .knowledge_objects import CATEGORY_GROUP

# The bot's `knowledge` settings for this knowledge base (an org YAML's `knowledge:`; the demo and `concierge bench
# e2e` use them): on, the Case category from the article's Support_Category__c (no extra call at filing), through a
# table of the emulator's Case categories; Security and Facilities IT stay "Concierge Uncategorized".
BOT_SETTINGS: dict[str, Any] = {"enabled": True, "category_from": {"field": "Support_Category__c", "values": {
    "Network": "Network", "Accounts and Access": "Access", "Hardware": "Hardware", "Printing": "Hardware",
    "Mobile": "Hardware", "Software": "Software", "Email and Calendar": "Software"}}}

# (UrlName, Title, Summary, Details, Support_Category__c, data category)
ARTICLES: list[tuple[str, str, str, str, str, str]] = [
    ("vpn-connect-from-home", "Connect to the VPN from home",
     "Install GlobalConnect, sign in with your work account and approve the MFA prompt to reach internal sites.",
     "<p>Open GlobalConnect from the Start menu (Mac: Applications). Portal: vpn.example.com. Sign in with your work "
     "email and password, then approve the push on your authenticator. If the VPN stopped working after a password "
     "change, sign out of GlobalConnect and sign in again so it saves the new password.</p>", "Network", "VPN"),
    ("vpn-disconnects-frequently", "VPN keeps disconnecting or drops every few minutes",
     "Frequent VPN drops are usually caused by Wi-Fi power saving or an old GlobalConnect version.",
     "<p>Update GlobalConnect to version 6.2 or later from Software Center. Turn off Wi-Fi power saving in Device "
     "Manager. If the VPN still disconnects on home Wi-Fi, try a cable or your phone's hotspot to rule out the "
     "router.</p>", "Network", "VPN"),
    ("wifi-office-connect", "Connect to the office Wi-Fi (CorpNet)",
     "Choose CorpNet, sign in with your work email and password, and accept the certificate the first time.",
     "<p>Laptops managed by IT join CorpNet automatically. Personal phones and tablets use the Guest network. If "
     "the wireless network keeps asking for a password, forget CorpNet and connect again.</p>", "Network", "WiFi"),
    ("wifi-guest-access", "Wi-Fi for visitors and guests",
     "Visitors use the Guest network; reception hands out a daily wifi code.",
     "<p>The Guest wireless network is internet only. Ask reception for today's code. Guest access cannot reach "
     "internal systems.</p>", "Network", "WiFi"),
    ("reset-password-self-service", "Reset your password (self-service)",
     "Forgot your password or it expired? Reset it yourself at passwords.example.com with your MFA method.",
     "<p>Go to passwords.example.com, enter your work email, verify with your authenticator app or text code and "
     "choose a new password of at least 14 characters. After a reset, update the password saved on your phone's "
     "mail app and in the VPN client.</p>", "Accounts and Access", "Password"),
    ("account-locked-out", "Account locked after too many sign-in attempts",
     "A locked account unlocks by itself after 15 minutes, or at once by resetting your password.",
     "<p>After 10 failed sign-ins your account is locked out for 15 minutes. Old passwords saved on a phone are the "
     "usual cause: update them after unlocking.</p>", "Accounts and Access", "Password"),
    ("mfa-new-phone", "Move your MFA authenticator to a new phone",
     "Got a new phone? Register the authenticator app on it before you wipe the old one.",
     "<p>On a computer, open mysignins.example.com, choose Security info, add the authenticator on the new phone and "
     "remove the old one. Lost the old phone already? Ask IT for a temporary access pass.</p>",
     "Accounts and Access", "MFA"),
    ("mfa-prompts-not-arriving", "MFA push notifications not arriving",
     "No sign-in prompt on your phone? Open the authenticator app, check notifications and the phone's clock.",
     "<p>Open the authenticator app and pull down to refresh pending approvals. Allow notifications for the app and "
     "set the phone's time automatically. You can also type the six-digit code instead of approving a push.</p>",
     "Accounts and Access", "MFA"),
    ("request-software-install", "Install software from Software Center",
     "Most approved applications install from Software Center without admin rights.",
     "<p>Open Software Center, search for the application and click Install. Software not in the catalogue needs a "
     "request to IT with a business reason.</p>", "Software", "Office"),
    ("outlook-not-syncing", "Outlook not syncing or stuck on 'Updating inbox'",
     "Outlook stuck or not receiving new email: check Work Offline, then restart Outlook and repair the profile.",
     "<p>On the Send/Receive tab make sure Work Offline is off. Close Outlook, reopen it. If mail still does not "
     "arrive, use Control Panel > Mail > Profiles to create a new profile.</p>", "Email and Calendar", "Email"),
    ("shared-mailbox-access", "Open a shared mailbox in Outlook",
     "Shared mailboxes appear in Outlook automatically once your access is granted; web: open another mailbox.",
     "<p>After the mailbox owner approves access, restart Outlook and the shared mailbox appears in the folder list "
     "within an hour. In Outlook on the web choose Open another mailbox.</p>", "Email and Calendar", "Email"),
    ("email-out-of-office", "Set an out-of-office reply",
     "Turn on automatic replies in Outlook under File > Automatic Replies, or in Outlook on the web settings.",
     "<p>Set the dates, write a message for people inside and outside the company, and save.</p>",
     "Email and Calendar", "Email"),
    ("calendar-room-booking", "Book a meeting room in Outlook",
     "Use Room Finder in a new meeting to see free rooms and their equipment.",
     "<p>Create a meeting, click Room Finder, pick the building and a free room. Rooms with video conferencing are "
     "marked with a camera icon.</p>", "Email and Calendar", "Email"),
    ("printer-add-follow-me", "Add the Follow-Me printer",
     "Print to FollowMe-Print and release the job at any office printer with your badge.",
     "<p>Windows: Settings > Printers > Add, choose FollowMe-Print. Mac: install the FollowMe package from Self "
     "Service. Jobs wait 24 hours before they are deleted.</p>", "Printing", "Printer"),
    ("printer-paper-jam", "Printer paper jam or 'jam in tray 2'",
     "Open the front and side doors, remove the jammed sheet gently, and close all doors to resume printing.",
     "<p>Never pull paper against the feed direction. If the printer still reports a paper jam with no paper visible, "
     "power it off for 30 seconds. Report repeated jams with the printer's asset tag.</p>", "Printing", "Printer"),
    ("printer-scan-to-email", "Scan to email on office printers",
     "Badge in at the printer, choose Scan to Me, and the PDF arrives in your inbox.",
     "<p>Scans larger than 20 MB are split into several emails. Check your junk folder if nothing arrives.</p>",
     "Printing", "Printer"),
    ("laptop-slow-performance", "Laptop running slow",
     "Restart at least weekly, let updates finish, and close heavy browser tabs to speed up a slow laptop.",
     "<p>A laptop that has not restarted for days runs slow. Restart it, leave it plugged in so pending Windows "
     "updates install, and check Task Manager for apps using the CPU. A slow start-up after a patch usually settles "
     "after the second restart.</p>", "Hardware", "Laptop"),
    ("laptop-wont-turn-on", "Laptop won't turn on or charge",
     "Try another outlet and charger, hold the power button for 30 seconds, then check the charging light.",
     "<p>Hold the power button for 30 seconds to reset it, plug in the charger and wait 10 minutes. No charging "
     "light with a known good charger means a hardware fault: file a case and we will swap the device.</p>",
     "Hardware", "Laptop"),
    ("laptop-battery-drain", "Laptop battery drains quickly",
     "Lower screen brightness, use the Balanced power plan, and check the battery report.",
     "<p>Run powercfg /batteryreport to see the battery's capacity. Below 60% of design capacity the battery can be "
     "replaced.</p>", "Hardware", "Laptop"),
    ("docking-station-monitors", "External monitors not detected on the docking station",
     "Unplug the dock for ten seconds, update the dock firmware and press Windows+P to extend displays.",
     "<p>Connect the dock's USB-C cable directly to the laptop, not through a hub. Install the dock firmware update "
     "from Software Center. Press Windows+P and choose Extend if a second monitor shows nothing.</p>",
     "Hardware", "Monitor"),
    ("headset-microphone-teams", "Headset or microphone not working in Teams",
     "Pick the right device in Teams settings > Devices and make a test call.",
     "<p>In Teams open Settings > Devices, choose your headset as speaker and microphone, and make a test call. "
     "Check that Windows privacy settings allow microphone access.</p>", "Software", "Collaboration"),
    ("teams-screen-sharing", "Share your screen in a Teams meeting",
     "Use the Share button in the meeting bar; on a Mac allow screen recording for Teams first.",
     "<p>macOS: System Settings > Privacy & Security > Screen Recording, enable Microsoft Teams and restart "
     "it.</p>", "Software", "Collaboration"),
    ("onedrive-sync-errors", "OneDrive not syncing files",
     "Pause and resume syncing, check free space, and fix file names with invalid characters.",
     "<p>Click the OneDrive cloud icon, choose Pause syncing then Resume. Files with names containing : * ? or over "
     "400 characters cannot sync; rename them.</p>", "Software", "Collaboration"),
    ("sharepoint-request-access", "Request access to a SharePoint site or Teams channel",
     "Click Request access on the page; the site owner approves it.",
     "<p>The site owner gets your request by email. If nobody answers within two days, ask your manager who owns "
     "the site.</p>", "Software", "Collaboration"),
    ("excel-crashes-on-open", "Excel crashes when opening a file",
     "Start Excel in safe mode, disable add-ins, and run an Office Quick Repair.",
     "<p>Hold Ctrl while starting Excel to open it in safe mode. If the crash stops, disable add-ins one by one. "
     "Otherwise run Quick Repair from Apps & features > Microsoft 365 > Modify.</p>", "Software", "Office"),
    ("office-activation", "Office says 'Unlicensed product' or asks to activate",
     "Sign out of Office and sign in again with your work account to reactivate the licence.",
     "<p>In any Office app open File > Account, sign out, close all Office apps and sign in again.</p>",
     "Software", "Office"),
    ("phishing-report", "Report a suspicious email (phishing)",
     "Use the Report Phishing button in Outlook; do not click links or open attachments.",
     "<p>If you already clicked a link or entered your password, this is a security incident: change your password "
     "and contact the security team immediately.</p>", "Security", "Phishing"),
    ("mobile-email-setup", "Set up work email on your phone",
     "Install Outlook for iOS or Android and sign in with your work account; approve the Company Portal enrolment.",
     "<p>The phone must have a screen lock. Native mail apps are not supported.</p>", "Mobile", "Phone"),
    ("mobile-phone-replacement", "Broken or lost company phone",
     "Report a lost phone at once so it can be wiped; broken phones are swapped at the IT desk.",
     "<p>Lost: call the service desk to have it locked and wiped. Cracked screen: bring it to the IT desk for a "
     "replacement.</p>", "Mobile", "Phone"),
    ("new-starter-equipment", "Equipment for a new starter",
     "Managers order laptops and accounts for new starters in the onboarding form at least 10 days ahead.",
     "<p>The onboarding form covers the laptop, accounts and building badge. Equipment is ready on the first day.</p>",
     "Hardware", "Laptop"),
    ("keyboard-mouse-request", "Request a keyboard, mouse or headset",
     "Accessories are in the IT shop; order them yourself and collect them at the IT desk.",
     "<p>Standard accessories need no approval. Ergonomic equipment needs a workplace assessment.</p>",
     "Hardware", "Monitor"),
    ("browser-certificate-error", "Browser shows 'Your connection is not private' on internal sites",
     "Internal sites need the company root certificate; restart the laptop on the office network or VPN.",
     "<p>Group policy installs the certificate when the laptop connects to CorpNet or the VPN. Do not click through "
     "the warning on external sites.</p>", "Security", "Security"),
    ("disk-space-full", "Low disk space on your laptop",
     "Empty the Downloads folder and the recycle bin, and set OneDrive files to online-only.",
     "<p>Right-click the OneDrive folder and choose Free up space. Storage Sense can clean temporary files "
     "automatically.</p>", "Hardware", "Laptop"),
    ("building-badge-access", "Building badge not working at the door",
     "Badges stop working after 90 days without use or when access expires; reception can reactivate them.",
     "<p>Go to reception with photo ID. Access to restricted floors needs your manager's approval.</p>",
     "Facilities IT", "Security"),
]
# Published, then replaced by a new version (the first version ends Archived).
REVISED = {"vpn-connect-from-home": "Open GlobalConnect (version 6) from the Start menu.",
           "reset-password-self-service": "Passwords need at least 14 characters since March."}
# Drafts never published: never shown to employees.
DRAFTS = [
    ("vpn-split-tunnel-draft", "VPN split tunnelling (draft)",
     "Draft: how split tunnelling routes video calls outside the VPN.", "<p>Not ready yet.</p>", "Network", "VPN"),
    ("printer-new-fleet-draft", "New printer fleet rollout (draft)",
     "Draft: the new printers arriving next quarter and how to add them.", "<p>Not ready yet.</p>", "Printing",
     "Printer"),
    ("password-manager-draft", "Company password manager (draft)",
     "Draft: storing passwords in the company password manager.", "<p>Not ready yet.</p>", "Accounts and Access",
     "Password"),
]
# Published, then retired: archived, no online version.
RETIRED = [("vpn-legacy-client", "Install the legacy AnyLink VPN client",
            "The old AnyLink VPN client for Windows 7 laptops (retired).",
            "<p>Download AnyLink 3 and connect to vpn-old.example.com.</p>", "Network", "VPN")]
TRANSLATIONS = {"vpn-connect-from-home": ("de", "Von zu Hause mit dem VPN verbinden",
                                          "Installieren Sie GlobalConnect, melden Sie sich an und bestätigen Sie "
                                          "die MFA-Anfrage.")}


def _create(org: Any, author: str, row: tuple[str, str, str, str, str, str]) -> str:
    url, title, summary, body, category, data_category = row
    vid = org.create("Knowledge__kav", {"UrlName": url, "Title": title, "Summary": summary, "Details__c": body,
                                        "Support_Category__c": category}, author)
    org.create("Knowledge__DataCategorySelection", {"ParentId": vid, "DataCategoryGroupName": CATEGORY_GROUP,
                                                    "DataCategoryName": data_category}, author)
    return vid


def seed_knowledge(org: Any, author: str) -> None:
    """Articles, in a fixed order (org: store.Org; author: the agent who writes them)."""
    db = org.db
    versions: dict[str, str] = {}
    for row in ARTICLES:
        versions[row[0]] = _create(org, author, row)
        knowledge.set_publish_status(db, versions[row[0]], "Online", author, translation=False)
    for url, note in REVISED.items():
        article = db.conn.execute('SELECT "KnowledgeArticleId" FROM "Knowledge__kav" WHERE "Id" = ?',
                                  (versions[url],)).fetchone()[0]
        draft = knowledge.new_draft(db, article, author)
        body = db.conn.execute('SELECT "Details__c" FROM "Knowledge__kav" WHERE "Id" = ?', (draft,)).fetchone()[0]
        org.update("Knowledge__kav", draft, {"Details__c": body + f"<p>Updated: {note}</p>"}, author)
        knowledge.set_publish_status(db, draft, "Online", author, translation=False)
    for row in DRAFTS:
        _create(org, author, row)
    for row in RETIRED:
        vid = _create(org, author, row)
        knowledge.set_publish_status(db, vid, "Online", author, translation=False)
        knowledge.set_publish_status(db, vid, "Archived", author, translation=False)
    for url, (language, title, summary) in TRANSLATIONS.items():
        article = db.conn.execute('SELECT "KnowledgeArticleId" FROM "Knowledge__kav" WHERE "Id" = ?',
                                  (versions[url],)).fetchone()[0]
        tid = knowledge.new_translation(db, article, language, author)
        org.update("Knowledge__kav", tid, {"Title": title, "Summary": summary}, author)
        knowledge.set_publish_status(db, tid, "Online", author, translation=True)
