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
os outlook password passwords patch payroll pc pdf phishing phone pin portal powerpoint printer printers
projector proxy python quota ram repo repository router safari salesforce sap scanner screen sdk server
servicenow sharepoint signature sim slack smartsheet snowflake software spam ssd sso ssl storage
sublime surface switch sync tableau tablet teams terminal thinkpad token toner touchpad trackpad ubuntu
usb vdi vm vmware visio voicemail vpn webcam webex website wifi windows wireless wiki word workday
workspace zendesk zoom keycard docker vscode intellij pycharm xcode postman gitkraken 1password lastpass
keychain yubikey wi-fi monitors laptops accounts licenses licences headsets webcams chargers cables
""".split())
