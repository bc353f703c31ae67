using LsatsHub.Compliance.Outreach;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.Sheets;
using LsatsHub.Simulator.World;

namespace LsatsHub.Runner.Tests.Commands.Compliance;

/// <summary>
/// <c>lsats-run compliance second|third</c> (docs/compliance.md) against the TDX simulator and real PostgreSQL: one post per
/// awaiting ticket per minimum interval, notify lists (nobody in the sandbox; in production the requestor plus the
/// de-duplicated chief administrator and financial owner emails), no second post after a crash between posting and
/// recording, nothing written by a dry run, and the production refusals.
/// </summary>
public sealed class ComplianceOutreachTests : IAsyncLifetime
{
    private OutreachBed _bed = null!;

    public async Task InitializeAsync() => _bed = await OutreachBed.CreateAsync("outreach");

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Second_outreach_in_the_sandbox_posts_each_awaiting_description_once_per_interval_notifying_nobody()
    {
        var awaiting = _bed.AwaitingTickets;

        var first = await _bed.InvokeAsync("compliance", "second");
        var afterFirst = _bed.Writes("ticket.feed");
        _bed.Clock.Advance(TimeSpan.FromDays(6));
        var withinInterval = await _bed.InvokeAsync("compliance", "second");
        var afterWithin = _bed.Writes("ticket.feed").Count;
        _bed.Clock.Advance(TimeSpan.FromDays(2));
        var afterInterval = await _bed.InvokeAsync("compliance", "second");

        first.ExitCode.Should().Be(0, first.Output + first.Error);
        first.Output.Should().Contain("TDX SANDBOX at " + _bed.Tdx.SandboxBaseUrl + ": compliance second");
        awaiting.Should().HaveCountGreaterThan(4, "the simulated university seeds awaiting compliance tickets");
        afterFirst.Select(w => w.TargetId).Should().BeEquivalentTo(awaiting, "each awaiting ticket gets exactly one post");
        afterFirst.Should().OnlyContain(w => OutreachBed.NotifyOf(w).Count == 0, "the sandbox never notifies anyone");
        afterFirst.Should().OnlyContain(w => (string)w.Body!["Comments"]! == (string)_bed.Tdx.Store.Ticket(w.TargetId)!["Description"]!);
        afterFirst.Should().OnlyContain(w => (bool)w.Body!["IsCommunication"]! && !(bool)w.Body!["IsPrivate"]!);
        withinInterval.ExitCode.Should().Be(0, withinInterval.Error);
        withinInterval.Output.Should().Contain($"0 sent, {awaiting.Count} sent within the interval");
        afterWithin.Should().Be(awaiting.Count, "nothing is re-sent within the interval");
        afterInterval.ExitCode.Should().Be(0, afterInterval.Error);
        _bed.Writes("ticket.feed").Should().HaveCount(2 * awaiting.Count, "after the interval each ticket gets it again");
        (await _bed.OutreachRowsAsync()).Should().HaveCount(2 * awaiting.Count).And.OnlyContain(r => r.Kind == "second" && r.Status == "sent" && r.Notify.Length == 0);
    }

    [Fact]
    public async Task Production_outreach_notifies_the_requestor_and_the_third_adds_each_CA_and_financial_owner_once()
    {
        _bed.Variables["TDX_BASE_URL"] = _bed.Tdx.ProductionBaseUrl;
        var tabled = _bed.TabledTickets;

        var secondDry = await _bed.InvokeAsync("compliance", "second", "--dry-run");
        var second = await _bed.InvokeAsync("compliance", "second", "--production");
        var secondWrites = _bed.Writes("ticket.feed");
        var thirdDry = await _bed.InvokeAsync("compliance", "third", "--dry-run");
        var third = await _bed.InvokeAsync("compliance", "third", "--production");
        var thirdWrites = _bed.Writes("ticket.feed").Skip(secondWrites.Count).ToList();

        secondDry.ExitCode.Should().Be(0, secondDry.Error);
        second.ExitCode.Should().Be(0, second.Output + second.Error);
        second.Output.Should().Contain("TDX PRODUCTION at " + _bed.Tdx.ProductionBaseUrl + ": compliance second");
        secondWrites.Should().HaveCount(_bed.AwaitingTickets.Count);
        secondWrites.Should().OnlyContain(w => OutreachBed.NotifyOf(w).SequenceEqual(new[] { (string)_bed.Tdx.Store.Ticket(w.TargetId)!["RequestorEmail"]! }));
        thirdDry.ExitCode.Should().Be(0, thirdDry.Error);
        third.ExitCode.Should().Be(0, third.Output + third.Error);
        third.Output.Should().Contain($"{_bed.AwaitingTickets.Count - tabled.Count} without a table").And.Contain("1 without assets");
        thirdWrites.Select(w => w.TargetId).Should().BeEquivalentTo(tabled);
        var copiedSomeone = false;
        foreach (var write in thirdWrites)
        {
            var (notify, contacts) = Expected(write.TargetId);
            var sent = OutreachBed.NotifyOf(write);
            sent.Should().BeEquivalentTo(notify, $"ticket {write.TargetId}");
            sent.Should().OnlyHaveUniqueItems().And.StartWith((string)_bed.Tdx.Store.Ticket(write.TargetId)!["RequestorEmail"]!);
            _bed.Tdx.Store.TicketContacts(write.TargetId).Should().BeEquivalentTo(contacts, $"ticket {write.TargetId}");
            var comment = (string)write.Body!["Comments"]!;
            comment.Should().Contain(CommentText.FirstTable((string)_bed.Tdx.Store.Ticket(write.TargetId)!["Description"]!)!);
            comment.StartsWith("<p>(CA is copied for awareness)</p>", StringComparison.Ordinal).Should().Be(contacts.Count > 0);
            copiedSomeone |= notify.Count > 2;
        }

        copiedSomeone.Should().BeTrue("some ticket copies a chief administrator and a financial owner besides the requestor");
        _bed.Writes("ticket.contact").Select(w => (w.TargetId, (string)w.Body!)).Should().OnlyHaveUniqueItems("each contact is added once");
    }

    [Fact]
    public async Task A_crash_between_posting_and_recording_does_not_post_again()
    {
        var crashed = 0;
        var crash = async () => await _bed.RunDirectAsync(OutreachKind.Second, (ticketId, _) =>
        {
            crashed = ticketId;
            throw new InvalidOperationException("the process died after TDX took the comment");
        });

        await crash.Should().ThrowAsync<InvalidOperationException>();
        var rowsAfterCrash = await _bed.OutreachRowsAsync();
        var rerun = await _bed.InvokeAsync("compliance", "second");

        rowsAfterCrash.Should().ContainSingle().Which.Status.Should().Be("claimed");
        rerun.ExitCode.Should().Be(0, rerun.Output + rerun.Error);
        rerun.Output.Should().Contain("1 recovered after a crash");
        _bed.Writes("ticket.feed").Where(w => w.TargetId == crashed).Should().ContainSingle("the comment TDX already had is not posted again");
        _bed.Writes("ticket.feed").Select(w => w.TargetId).Should().BeEquivalentTo(_bed.AwaitingTickets);
        (await _bed.OutreachRowsAsync()).Should().HaveCount(_bed.AwaitingTickets.Count).And.OnlyContain(r => r.Status == "sent");
    }

    [Fact]
    public async Task A_claim_whose_comment_never_reached_TDX_is_dropped_and_sent()
    {
        var ticket = _bed.AwaitingTickets[0];
        await _bed.CountAsync(
            $"INSERT INTO meta.compliance_outreach (ticket_id, kind, base_url, status, claimed_at, comment_hash) VALUES ({ticket}, 'second', '{_bed.Tdx.SandboxBaseUrl}', 'claimed', now(), 'not-in-the-feed') RETURNING 1");

        var run = await _bed.InvokeAsync("compliance", "second");

        run.ExitCode.Should().Be(0, run.Error);
        run.Output.Should().Contain("1 unsent claims dropped");
        _bed.Writes("ticket.feed").Where(w => w.TargetId == ticket).Should().ContainSingle();
        (await _bed.CountAsync("SELECT count(*) FROM meta.compliance_outreach WHERE status = 'claimed'")).Should().Be(0);
    }

    [Fact]
    public async Task A_dry_run_reads_but_writes_nothing_to_TDX_or_the_log()
    {
        var second = await _bed.InvokeAsync("compliance", "second", "--dry-run");
        var third = await _bed.InvokeAsync("compliance", "third", "--dry-run");

        second.ExitCode.Should().Be(0, second.Error);
        second.Output.Should().Contain("(dry run: nothing is written to TDX)").And.Contain($"{_bed.AwaitingTickets.Count} would be sent");
        third.ExitCode.Should().Be(0, third.Error);
        third.Output.Should().Contain($"{_bed.TabledTickets.Count} would be sent");
        _bed.Writes().Should().BeEmpty();
        (await _bed.CountAsync("SELECT count(*) FROM meta.compliance_outreach")).Should().Be(0);
        (await _bed.CountAsync("SELECT count(*) FROM meta.tdx_production_dry_runs")).Should().Be(0, "a sandbox dry run earns nothing for production");
    }

    [Fact]
    public async Task Production_without_the_flag_or_without_a_recent_production_dry_run_is_refused_and_writes_nothing()
    {
        _bed.Variables["TDX_BASE_URL"] = _bed.Tdx.ProductionBaseUrl;

        var withoutFlag = await _bed.InvokeAsync("compliance", "third");
        var withoutDryRun = await _bed.InvokeAsync("compliance", "second", "--production");
        var dryRunOfSecond = await _bed.InvokeAsync("compliance", "second", "--dry-run");
        var thirdAfterSecondsDryRun = await _bed.InvokeAsync("compliance", "third", "--production");
        _bed.Clock.Advance(TimeSpan.FromHours(25));
        var staleSecond = await _bed.InvokeAsync("compliance", "second", "--production");

        withoutFlag.ExitCode.Should().Be(2);
        withoutFlag.Output.Should().Contain("TDX PRODUCTION at " + _bed.Tdx.ProductionBaseUrl + ": compliance third");
        withoutFlag.Error.Should().Contain("is production").And.Contain("--production").And.NotContain(_bed.Tdx.Credentials.WebServicesKey);
        withoutDryRun.ExitCode.Should().Be(2);
        withoutDryRun.Error.Should().Contain("'compliance second' has never completed a --dry-run against production");
        dryRunOfSecond.ExitCode.Should().Be(0, dryRunOfSecond.Error);
        thirdAfterSecondsDryRun.ExitCode.Should().Be(2, "the dry run of another command does not count");
        staleSecond.ExitCode.Should().Be(2);
        staleSecond.Error.Should().Contain("more than 24 h");
        _bed.Writes().Should().BeEmpty();
        (await _bed.CountAsync("SELECT count(*) FROM meta.compliance_outreach")).Should().Be(0);
    }

    [Fact]
    public async Task A_CA_whose_sheet_email_is_unknown_to_TDX_is_found_by_last_name_and_title()
    {
        var (ticket, department, ca) = _bed.TabledTickets
            .SelectMany(id => _bed.Tdx.Store.TicketCiIds(id).Select(ci => (Ticket: id, Computer: _bed.World.Computers.Single(c => c.TdxCiId == ci))))
            .Select(x => (x.Ticket, Department: _bed.Index.Departments[x.Computer.DeptId], Ca: UnitAssignmentsSheet.ChiefAdministrator(_bed.Index, _bed.Index.Departments[x.Computer.DeptId])))
            .First(x => x.Ca is { Dirt.PreviousLastName: null });
        var rows = UnitAssignmentsSheet.Rows(_bed.Index)
            .Select(r => r.Count > 2 && r[0] == department.Name ? (IReadOnlyList<string>)[r[0], r[1], "left-the-university@umich.edu", .. r.Skip(3)] : r)
            .ToList();
        OutreachBed.WriteCsv(_bed.AssignmentsFile, rows);

        var untitled = await _bed.InvokeAsync("compliance", "third", "--dry-run");
        var log = _bed.LogText();
        _bed.Tdx.Store.SetUserTitle(ca!.TdxUid.ToString(), "Chief Administrator").Should().BeTrue();
        var titled = await _bed.InvokeAsync("compliance", "third");

        untitled.ExitCode.Should().Be(0, untitled.Error);
        log.Should().Contain($"the CA of '{department.DeptId} - {department.Name}' (left-the-university@umich.edu, {ca.LastName}, {ca.FirstName}) is not in TDX and 0 people");
        titled.ExitCode.Should().Be(0, titled.Error);
        _bed.Tdx.Store.TicketContacts(ticket).Should().Contain(ca.TdxUid.ToString());
    }

    [Fact]
    public async Task The_third_outreach_reads_the_Unit_Assignments_tab_through_the_Sheets_API_by_default_when_no_export_is_given()
    {
        var spreadsheet = UnitAssignmentsSheet.Spreadsheet(_bed.Index);
        await using var sheets = await SheetsSimulator.StartAsync([spreadsheet], time: _bed.Clock);
        _bed.Variables.Remove("COMPLIANCE_UNIT_ASSIGNMENTS_FILE");
        _bed.Variables["GOOGLE_SHEETS_BASE_URL"] = sheets.Address.ToString();
        _bed.Variables["CREDENTIALS_FILE"] = sheets.WriteServiceAccountKey(Path.Combine(_bed.Folder, "sa.json"));
        var departments = UnitAssignmentsSheet.Rows(_bed.Index).Count - UnitAssignments.HeaderRow;

        var live = await _bed.InvokeAsync("compliance", "third");
        var missing = await _bed.InvokeAsync("compliance", "third", "--unit-assignments-sheet-id", "no-such-sheet");

        live.ExitCode.Should().Be(0, live.Output + live.Error);
        live.Output.Should().Contain($"Unit Assignments: {departments} departments from Google sheet {spreadsheet.Id}");
        _bed.Writes("ticket.contact").Should().NotBeEmpty("the CAs come from the sheet read through the API");
        missing.ExitCode.Should().Be(1, "a sheet that cannot be read fails the run before anything is sent");
        missing.Error.Should().Contain("no-such-sheet").And.NotContain(File.ReadAllText(_bed.Variables["CREDENTIALS_FILE"])[..20]);
    }

    /// <summary>
    /// What the third outreach should send for a ticket, from the world (not from TDX): the requestor, each linked computer's
    /// department CA as the sheet names them, and each lab computer's PI when the PI is not the owner.
    /// </summary>
    private (IReadOnlyList<string> Notify, IReadOnlyList<string> Contacts) Expected(int ticketId)
    {
        var notify = new List<string> { (string)_bed.Tdx.Store.Ticket(ticketId)!["RequestorEmail"]! };
        var contacts = new List<string>();
        var computers = _bed.Tdx.Store.TicketCiIds(ticketId).Select(ci => _bed.World.Computers.Single(c => c.TdxCiId == ci)).OrderBy(c => c.TdxAssetId).ToList();
        void Add(Person person)
        {
            if (!notify.Contains(person.Email, StringComparer.OrdinalIgnoreCase))
            {
                notify.Add(person.Email);
            }

            if (!contacts.Contains(person.TdxUid.ToString(), StringComparer.OrdinalIgnoreCase))
            {
                contacts.Add(person.TdxUid.ToString());
            }
        }

        foreach (var computer in computers)
        {
            if (UnitAssignmentsSheet.ChiefAdministrator(_bed.Index, _bed.Index.Departments[computer.DeptId]) is { } ca)
            {
                Add(ca);
            }
        }

        foreach (var computer in computers.Where(c => c.LabPi is not null))
        {
            var pi = _bed.World.People[_bed.World.Labs.First(l => l.PiUniqname == computer.LabPi).PiPersonId];
            if (pi.Presence.InTdx && pi.Id != computer.OwnerPersonId && !pi.Dirt.TdxMissingEmail)
            {
                Add(pi);
            }
        }

        return (notify, contacts);
    }
}
