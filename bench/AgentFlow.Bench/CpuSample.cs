using System.Globalization;

namespace AgentFlow.Bench;

/// <summary>
/// CPU time used so far (Linux <c>/proc</c>): by each given process and by the whole machine. The difference of two
/// samples over the wall time between them is how many cores each used; the machine's idle share says whether the
/// cores were the limit.
/// </summary>
internal sealed record CpuSample(DateTime At, IReadOnlyDictionary<int, double> ProcessSeconds, double MachineBusySeconds, double MachineIdleSeconds)
{
    // USER_HZ: 100 on every Linux build .NET runs on.
    private const double TicksPerSecond = 100;

    public static CpuSample Take(IEnumerable<int> processIds)
    {
        var processes = new Dictionary<int, double>();
        foreach (var id in processIds.Distinct())
        {
            processes[id] = ProcessSecondsOf(id);
        }

        var (busy, idle) = Machine();
        return new CpuSample(DateTime.UtcNow, processes, busy, idle);
    }

    /// <summary>Cores used by <paramref name="processIds"/> together between <paramref name="earlier"/> and this sample.</summary>
    public double CoresSince(CpuSample earlier, IEnumerable<int> processIds)
    {
        var seconds = (At - earlier.At).TotalSeconds;
        var used = processIds.Sum(id => ProcessSeconds.GetValueOrDefault(id) - earlier.ProcessSeconds.GetValueOrDefault(id));
        return seconds > 0 ? used / seconds : double.NaN;
    }

    /// <summary>The machine's idle share (0-1) between <paramref name="earlier"/> and this sample.</summary>
    public double IdleSince(CpuSample earlier)
    {
        var busy = MachineBusySeconds - earlier.MachineBusySeconds;
        var idle = MachineIdleSeconds - earlier.MachineIdleSeconds;
        return busy + idle > 0 ? idle / (busy + idle) : double.NaN;
    }

    /// <summary>The Azurite process (a node process whose command line names azurite), if one runs on this machine.</summary>
    public static int? FindAzurite()
    {
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                continue;
            }

            try
            {
                var command = File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ');
                if (command.Contains("azurite", StringComparison.OrdinalIgnoreCase) && command.Contains("node", StringComparison.Ordinal)
                    && command.Contains("--blobPort", StringComparison.Ordinal))
                {
                    return id;
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read.
            }
        }

        return null;
    }

    private static double ProcessSecondsOf(int id)
    {
        try
        {
            // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
            var stat = File.ReadAllText($"/proc/{id}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // utime and stime are fields 14 and 15 of the whole line, so 12 and 13 after the name.
            return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    private static (double Busy, double Idle) Machine()
    {
        // "cpu  user nice system idle iowait irq softirq steal ..."
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => double.Parse(f, CultureInfo.InvariantCulture) / TicksPerSecond).ToArray();
        var idle = fields[3] + fields[4];
        var busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7];
        return (busy, idle);
    }
}
