namespace Ias.EndToEnd.Tests.Commands;

public sealed partial class SoakTests
{
    /// <summary>
    /// The queue's progress as the person's checkout last saw it (jobs ended, and whether the queue drained for good), for
    /// the chaos to wait on: a blow falls when its number of jobs has ended, or not at all once the queue drained first.
    /// </summary>
    private sealed class SoakProgress
    {
        private readonly List<(int Ended, TaskCompletionSource<bool> Reached)> _waiting = [];
        private int _ended;
        private bool _drained;

        /// <summary>True once <paramref name="count"/> jobs have ended; false when the queue drained before they did.</summary>
        public Task<bool> EndedAsync(int count)
        {
            lock (_waiting)
            {
                if (_ended >= count || _drained)
                {
                    return Task.FromResult(_ended >= count);
                }

                var reached = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting.Add((count, reached));
                return reached.Task;
            }
        }

        /// <summary>The person's look: <paramref name="ended"/> jobs done or failed, and whether none is left and none will come.</summary>
        public void Saw(int ended, bool drained)
        {
            lock (_waiting)
            {
                _ended = Math.Max(_ended, ended);
                _drained |= drained;
                foreach (var w in _waiting.Where(w => _ended >= w.Ended || _drained).ToList())
                {
                    w.Reached.TrySetResult(_ended >= w.Ended);
                    _waiting.Remove(w);
                }
            }
        }
    }
}
