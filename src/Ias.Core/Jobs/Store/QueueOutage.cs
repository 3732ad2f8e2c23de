using Ias.Core.Jobs.Records;
using Microsoft.Data.Sqlite;
using Polly;
using Polly.Retry;

namespace Ias.Core.Jobs.Store;

/// <summary>
/// How a runner rides out its database going away (a server restarting, a network blip, a SQLite file locked past its busy
/// timeout): what it asked is asked again whole, after a wait that doubles from <see cref="FirstWait"/> up to
/// <see cref="LongestWait"/> with jitter, until the database answers or <paramref name="limit"/> has passed since it went
/// away; then the runner gives up with one line. The outage's start and end are told once each, whichever thread met them.
/// </summary>
/// <remarks>Time and randomness come from outside, so a test decides both.</remarks>
public sealed class QueueOutage(TimeSpan limit, TimeProvider clock, Random random)
{
    /// <summary>The first wait after the database failed to answer.</summary>
    public static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(1);

    /// <summary>No wait grows beyond this: a server back after a minute is used within half a minute.</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private ResiliencePipeline? _pipeline;
    private DateTimeOffset? _since;
    private (DateTimeOffset From, DateTimeOffset To)? _last;
    private string? _cause;
    private bool _gaveUp;
    private bool _toldGaveUp;

    /// <summary>Told once when the database went away, and once when it is back (<see cref="QueueOutageChange"/>).</summary>
    public Action<QueueOutageChange>? Told { get; set; }

    /// <summary>How long an outage is ridden out (ias.queue.outage_minutes).</summary>
    public TimeSpan Limit => limit;

    /// <summary>When the last outage this runner rode out began and ended; null before the first.</summary>
    public (DateTimeOffset From, DateTimeOffset To)? Last
    {
        get
        {
            lock (_gate)
            {
                return _last;
            }
        }
    }

    /// <summary>When the database went away; null while it answers.</summary>
    public DateTimeOffset? Since
    {
        get
        {
            lock (_gate)
            {
                return _since;
            }
        }
    }

    /// <summary>Whether <paramref name="e"/> says the database is out of reach for now, rather than that the request is wrong.</summary>
    public static bool IsOutage(Exception? e) => e switch
    {
        QueueUnreachableException => true,

        // SQLITE_BUSY and SQLITE_LOCKED, after the connection's busy timeout: another process holds the file's write lock.
        SqliteException s => (s.SqliteErrorCode & 0xff) is 5 or 6,
        _ => false,
    };

    /// <summary>
    /// The wait before attempt <paramref name="retry"/> (0 for the first retry): <see cref="FirstWait"/> doubled each time up to
    /// <see cref="LongestWait"/>, of which the second half is random, and never past the give-up time at <paramref name="deadline"/>.
    /// </summary>
    public TimeSpan Wait(int retry, DateTimeOffset now, DateTimeOffset deadline)
    {
        var exponential = Math.Min(FirstWait.TotalSeconds * Math.Pow(2, Math.Clamp(retry, 0, 30)), LongestWait.TotalSeconds);
        double share;
        lock (_gate)
        {
            share = random.NextDouble();
        }

        var wait = TimeSpan.FromSeconds((exponential / 2) + (exponential / 2 * share));
        var left = deadline - now;
        return left <= TimeSpan.Zero ? TimeSpan.Zero : wait < left ? wait : left;
    }

    /// <summary>Runs <paramref name="request"/>, asking again while the database is out of reach; past the limit, a <see cref="QueueException"/> in one line.</summary>
    public T Ride<T>(Func<T> request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var result = Pipeline.Execute(_ => request(), ct);
            Back();
            return result;
        }
        catch (Exception e) when (IsOutage(e))
        {
            throw GiveUp(e);
        }
    }

    /// <summary>Runs <paramref name="request"/> as <see cref="Ride{T}(Func{T}, CancellationToken)"/> does.</summary>
    public void Ride(Action request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        Ride(() =>
        {
            request();
            return true;
        }, ct);
    }

    private ResiliencePipeline Pipeline => _pipeline ??= new ResiliencePipelineBuilder { TimeProvider = clock }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(IsOutage(args.Outcome.Exception) && Failed(args.Outcome.Exception!)),
            MaxRetryAttempts = int.MaxValue,
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Wait(args.AttemptNumber, clock.GetUtcNow(), Deadline)),
        })
        .Build();

    private DateTimeOffset Deadline
    {
        get
        {
            lock (_gate)
            {
                return (_since ?? clock.GetUtcNow()) + limit;
            }
        }
    }

    // The database failed to answer: the first failure starts the outage and is told; true while it is still ridden out.
    private bool Failed(Exception e)
    {
        var now = clock.GetUtcNow();
        QueueOutageChange? began = null;
        lock (_gate)
        {
            if (_gaveUp)
            {
                return false;
            }

            if (_since is null)
            {
                _since = now;
                _cause = Cause(e);
                began = new QueueOutageChange(QueueOutageKind.Lost, now, now + limit, _cause);
            }

            if (now - _since >= limit)
            {
                _gaveUp = true;
                return false;
            }
        }

        if (began is not null)
        {
            Told?.Invoke(began);
        }

        return true;
    }

    private void Back()
    {
        QueueOutageChange back;
        lock (_gate)
        {
            if (_since is not { } since)
            {
                return;
            }

            back = new QueueOutageChange(QueueOutageKind.Back, since, clock.GetUtcNow(), _cause!);
            _last = (since, back.At);
            _since = null;
            _cause = null;
        }

        Told?.Invoke(back);
    }

    private QueueException GiveUp(Exception e)
    {
        DateTimeOffset since;
        bool first;
        lock (_gate)
        {
            _gaveUp = true;
            since = _since ?? clock.GetUtcNow();
            first = !_toldGaveUp;
            _toldGaveUp = true;
        }

        var change = new QueueOutageChange(QueueOutageKind.GaveUp, since, clock.GetUtcNow(), Cause(e));
        if (first)
        {
            Told?.Invoke(change);
        }

        return new QueueException(
            $"the queue's database has been out of reach since {since:u} ({change.Cause}), longer than ias.queue.outage_minutes ({Minutes(limit)}): this runner stops, and a job it held goes back to the queue when its lease runs out; start it again once the database is back");
    }

    private static string Cause(Exception e) => e is QueueUnreachableException u ? u.Cause : e.Message.ReplaceLineEndings(" ").Trim().TrimEnd('.');

    private static string Minutes(TimeSpan t) => t.TotalMinutes.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}
