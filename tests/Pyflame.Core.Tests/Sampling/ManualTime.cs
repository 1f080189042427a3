namespace Pyflame.Core.Tests.Sampling;

/// <summary>A clock that moves only when told to, so scheduling can be tested without real time.</summary>
internal sealed class ManualTime : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch.AddTicks(_ticks);

    public void Advance(TimeSpan by) => _ticks += by.Ticks;
}
