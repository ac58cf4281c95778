using System.Diagnostics;

namespace AgentFlow.Engine.Approvals;

/// <summary>
/// A lock shared by processes and tasks: holding a lock file open with <see cref="FileShare.None"/>
/// (a sharing mode on Windows, <c>flock</c> on Unix, which also excludes other handles in the same process).
/// </summary>
internal static class FileLock
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(10);

    /// <summary>Waits up to 10 s for the lock; dispose the returned stream to release it.</summary>
    /// <exception cref="TimeoutException">Another holder kept the lock for 10 s.</exception>
    public static async Task<FileStream> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                // The lock file is never deleted: deleting it while another process waits on the old file would let
                // that process and a newcomer (on a fresh file) both hold "the" lock.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException ex) when (ex is not DirectoryNotFoundException)
            {
                if (waited.Elapsed >= Timeout)
                {
                    throw new TimeoutException($"could not lock '{path}' within {Timeout.TotalSeconds} s; another AgentFlow process is holding it", ex);
                }
            }

            await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
        }
    }
}
