namespace LsatsHub.TicketQueue.Tests.Daemon;

/// <summary>A fact that is skipped, with the reason shown, where systemd-analyze is not installed.</summary>
public sealed class SystemdAnalyzeFactAttribute : FactAttribute
{
    public SystemdAnalyzeFactAttribute()
    {
        if (!File.Exists("/usr/bin/systemd-analyze") && !File.Exists("/bin/systemd-analyze"))
        {
            Skip = "systemd-analyze is not installed (apt-get install systemd; ops/dev/test.sh installs it as root)";
        }
    }
}
