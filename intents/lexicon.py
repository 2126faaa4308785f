"""Words that name IT things (software, hardware, accounts, networks).

The classifier sees the extra token ``itterm`` after any of them, so a product or device the training data
never mentioned ("my kindle..." no; "photoshop keeps crashing" yes) still reads as an IT request.
"""
from __future__ import annotations

IT_TERMS = frozenset("""
access account accounts acrobat ad adapter admin adobe airpods alias android antivirus api app apps
application applications asana atlassian audio authenticator authentication aws azure backup badge battery
bios bitbucket bitlocker blackboard bluetooth boot box browser cable calendar camera certificate charger
chrome chromebook citrix client cloud confluence connection console cpu crm cursor dashboard database
datadog db desktop device dialer directory disk display dns dock docking docusign domain download drive
driver dropbox dual duo edge email encryption ethernet excel expensify extension fan figma file files
firefox firewall firmware folder gitlab github gmail google gpu hard hardware hdmi headphones headset
hotspot hub icloud imac inbox internet intranet ios ip ipad iphone java jenkins jira kb keyboard kubernetes
lan laptop latitude ldap license licence linux login logon lucidchart mac macbook mailbox mail malware mfa
microphone mic miro modem monitor mouse mfa network notebook notion office okta onedrive onenote oracle
os outlook password passwords patch payroll pc pdf phishing phone pin portal powerpoint plotter plotters printer printers
projector proxy python quota ram repo repository router safari salesforce sap scanner screen sdk server
servicenow sharepoint signature sim slack smartsheet snowflake software spam ssd sso ssl storage
sublime surface switch sync tableau tablet teams terminal thinkpad token toner touchpad trackpad ubuntu
usb vdi vm vmware visio voicemail vpn webcam webex website wifi windows wireless wiki word workday
workspace zendesk zoom keycard docker vscode intellij pycharm xcode postman gitkraken 1password lastpass
keychain yubikey wi-fi monitors laptops accounts licenses licences headsets webcams chargers cables
handheld handhelds kiosk kiosks whiteboard whiteboards smartboard smartboards touchscreen touchscreens softphone softphones
photocopier photocopiers copier copiers cctv anpr intercom intercoms radio radios pager pagers walkie walkies
wallboard wallboards
""".split())

# Words of IT_TERMS that name ordinary things just as often ("the planning office", "my bank account", "access to the
# car park"): alone they do not make a message about IT.
ORDINARY_TOO = frozenset("office account accounts access switch box client terminal terminals".split())

# Words that say something is broken (-> Incident) or that something is wanted (-> Service Request). The
# classifiers see ``brokecue`` / ``wantcue`` after them, which carries the triage to words and phrasings the
# training data never used ("hangs", "unresponsive", "arrange", "prepare").
BROKEN_CUES = frozenset("""
not no never unable cannot broken broke break breaks breaking crash crashes crashed crashing error errors
fail fails failed failing failure down dead stuck slow slowly freeze freezes froze frozen freezing hang
hangs hung hanging unresponsive glitch glitchy bug buggy flicker flickers flickering drop drops dropped
dropping disconnect disconnects disconnected disconnecting lost missing disappeared gone wrong weird strange
corrupt corrupted jam jammed jams keeps problem problems issue issues trouble outage offline blank black
noise noisy loud overheat overheating overheats hot cracked damaged spilled stolen locked expired bounce
bounced bouncing reject rejects rejected rejecting denied timeout timing lag lagging laggy blurry distorted crackle
crackles crackling beeping beeps won't doesn't isn't can't didn't stopped stops reboot rebooting restarting
restarts popup popups virus malware phishing spam suspicious inaccessible unavailable unreachable unusable
vanished deleted wiped empty faint faded smudged smudging smeared garbled declined declining declines refuses refused
refusing spins spinning spinner loops looping ate eaten eats eating chewed chewing chews mangled mangles mangling shredded swallowed swallows swallowing
crawling sluggish swollen bulging smoking sparking burning scorched misread misreads misreading misreported misprint
misprints misprinting misfire misfires misfiring
died dies dying alarming jamming glitches glitched glitching lags lagged overheated flickered
stalls stalled stalling stutters stuttered stuttering buffering streaks streaky streaked streaking misfeeds misfeeding
fallen silent muted double-booked double-booking overbooked double-charged duplicated
unreadable illegible gibberish garbage
""".split())
REQUEST_CUES = frozenset("""
need needs needed want wants wanted like request requesting requested order ordering new get getting
access install installed installing installation license licence licenses licences setup set create
provide provision grant enable add added join upgrade replacement replace extra another second additional
borrow loaner arrange prepare allow permission permissions rights account onboarding starter hire
joining starting intern contractor buy purchase subscription quota increase apply
""".split())
