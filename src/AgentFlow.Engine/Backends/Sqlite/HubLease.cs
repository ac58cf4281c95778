using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace AgentFlow.Engine.Backends.Sqlite;

/// <summary>
/// The right to run work items of the hub, held by one process at a time: a row with an owner and an expiry,
/// renewed well before it lapses. A dead owner on this machine (its process is gone) is replaced at once; an owner
/// on another machine is replaced when its lease expires.
/// </summary>
internal sealed class HubLease(TimeSpan duration)
{
    public string Owner { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public TimeSpan Duration => duration;

    /// <summary>Takes or renews the lease; false while another live process holds it.</summary>
    public bool TryAcquire(SqliteConnection connection, SqliteTransaction transaction)
    {
        var now = SqliteCommands.ToUnixMs(DateTime.UtcNow);
        using (var read = SqliteCommands.Command(connection, transaction, "SELECT owner, expires_at FROM lease WHERE id = 1"))
        using (var reader = read.ExecuteReader())
        {
            if (reader.Read())
            {
                var owner = reader.GetString(0);
                var expires = reader.GetInt64(1);
                if (owner != Owner && expires > now && IsAlive(owner))
                {
                    return false;
                }
            }
        }

        using var write = SqliteCommands.Command(
            connection,
            transaction,
            "INSERT INTO lease (id, owner, expires_at) VALUES (1, $o, $e) ON CONFLICT (id) DO UPDATE SET owner = $o, expires_at = $e",
            ("$o", Owner),
            ("$e", now + (long)duration.TotalMilliseconds));
        write.ExecuteNonQuery();
        return true;
    }

    /// <summary>Gives the lease up so another process can take over immediately.</summary>
    public void Release(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = SqliteCommands.Command(connection, transaction, "UPDATE lease SET expires_at = 0 WHERE id = 1 AND owner = $o", ("$o", Owner));
        command.ExecuteNonQuery();
    }

    private static bool IsAlive(string owner)
    {
        var parts = owner.Split(':');
        if (parts.Length < 3 || parts[0] != Environment.MachineName || !int.TryParse(parts[1], out var pid))
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
