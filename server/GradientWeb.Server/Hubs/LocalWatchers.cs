namespace GradientWeb.Server.Hubs;

/// <summary>
/// Which of this node's connections watch which job, and whether each has been told the job ended. Only
/// <see cref="RemoteJobEnds"/> reads it: the group itself (in SignalR, or Redis) cannot be listed.
/// </summary>
public sealed class LocalWatchers
{
    private readonly Lock _lock = new();

    // job id → (connection id → told of its end)
    private readonly Dictionary<string, Dictionary<string, bool>> _byJob = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _byConnection = new(StringComparer.Ordinal);

    /// <summary>A connection watches a job; <paramref name="told"/> when what it read already says the job ended.</summary>
    public void Add(string jobId, string connectionId, bool told)
    {
        lock (_lock)
        {
            if (!_byJob.TryGetValue(jobId, out var connections))
            {
                _byJob[jobId] = connections = new(StringComparer.Ordinal);
            }

            connections[connectionId] = told;
            if (!_byConnection.TryGetValue(connectionId, out var jobs))
            {
                _byConnection[connectionId] = jobs = new(StringComparer.Ordinal);
            }

            jobs.Add(jobId);
        }
    }

    public void Remove(string jobId, string connectionId)
    {
        lock (_lock)
        {
            RemoveLocked(jobId, connectionId);
            if (_byConnection.TryGetValue(connectionId, out var jobs) && jobs.Remove(jobId) && jobs.Count == 0)
            {
                _byConnection.Remove(connectionId);
            }
        }
    }

    /// <summary>The connection closed: it watches nothing any more.</summary>
    public void RemoveConnection(string connectionId)
    {
        lock (_lock)
        {
            if (_byConnection.Remove(connectionId, out var jobs))
            {
                foreach (var jobId in jobs)
                {
                    RemoveLocked(jobId, connectionId);
                }
            }
        }
    }

    /// <summary>The jobs some connection here watches and has not been told have ended.</summary>
    public IReadOnlyList<string> Untold()
    {
        lock (_lock)
        {
            return [.. _byJob.Where(j => j.Value.ContainsValue(false)).Select(j => j.Key)];
        }
    }

    /// <summary>The connections watching <paramref name="jobId"/> not yet told it ended; from now on they count as told.</summary>
    public IReadOnlyList<string> TakeUntold(string jobId)
    {
        lock (_lock)
        {
            if (!_byJob.TryGetValue(jobId, out var connections))
            {
                return [];
            }

            var untold = connections.Where(c => !c.Value).Select(c => c.Key).ToArray();
            foreach (var connection in untold)
            {
                connections[connection] = true;
            }

            return untold;
        }
    }

    /// <summary>This node's feed has sent the job's end to its group: every connection here watching it has it.</summary>
    public void MarkTold(string jobId)
    {
        lock (_lock)
        {
            if (_byJob.TryGetValue(jobId, out var connections))
            {
                foreach (var connection in connections.Keys)
                {
                    connections[connection] = true;
                }
            }
        }
    }

    private void RemoveLocked(string jobId, string connectionId)
    {
        if (_byJob.TryGetValue(jobId, out var connections) && connections.Remove(connectionId) && connections.Count == 0)
        {
            _byJob.Remove(jobId);
        }
    }
}
