def test_file_case_by_dm(bot):
    d = bot.slack.send_dm("alice", "My laptop won't connect to the VPN since this morning")
    assert d.status == 200
    msgs = bot.slack.wait_for_bot_messages("alice", 1)
    print(msgs[-1])
    assert "filed case" in msgs[-1]["text"]
