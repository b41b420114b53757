namespace ClusterSim.Engine.Tests;

/// <summary>The examples of docs/engine.md, run as written, so the documentation cannot drift from the code.</summary>
public sealed class DocExampleTests
{
    [Fact]
    public void Process_example_logs_the_interrupt()
    {
        var sim = new Simulation(seed: 42);
        var log = new List<string>();

        IEnumerable<Event> Worker(Process self)
        {
            log.Add($"start {sim.Now}");
            yield return sim.Timeout(SimDuration.FromMilliseconds(10));
            if (self.Interrupted)
            {
                log.Add($"interrupted at {sim.Now} because {self.InterruptCause}");
                yield break;
            }

            log.Add($"done {sim.Now}");
        }

        var worker = sim.Process(Worker, name: "worker");
        sim.Schedule(SimDuration.FromMilliseconds(3), () => worker.Interrupt("reconfigure"));
        sim.Run();
        Assert.Equal(["start t=0 ns", "interrupted at t=3 ms because reconfigure"], log);
    }

    private sealed class StepDone(List<long> finished) : IEventHandler
    {
        public void OnEvent(Simulation simulation, long arg) => finished.Add(arg);
    }

    [Fact]
    public void Callback_example_fires_only_the_uncancelled_event()
    {
        var sim = new Simulation();
        var finished = new List<long>();
        var handler = new StepDone(finished);
        var handle = sim.Schedule(SimDuration.FromMicroseconds(250), handler, arg: 7);
        sim.Schedule(SimDuration.FromMicroseconds(100), handler, arg: 8);
        Assert.True(sim.Cancel(handle));
        sim.Run();
        Assert.Equal([8L], finished);
    }

    [Fact]
    public void Resource_example_has_the_stated_utilization_and_queue_length()
    {
        var sim = new Simulation();
        var gpus = new Resource(sim, capacity: 2);

        IEnumerable<Event> Job()
        {
            var request = gpus.Request();
            yield return request;
            yield return sim.Delay(SimDuration.FromMilliseconds(5));
            gpus.Release(request);
        }

        for (var i = 0; i < 3; i++)
        {
            sim.Process(Job());
        }

        sim.Run();
        // Busy 2 for 5 ms and 1 for 5 ms over 10 ms: (10 + 5) / 10 / 2 = 0.75; one waiter for 5 ms of 10: 0.5.
        Assert.Equal(0.75, gpus.Utilization, 12);
        Assert.Equal(0.5, gpus.QueueLength.Mean(sim.Now), 12);
    }

    [Fact]
    public void Container_example_admits_when_bytes_fit()
    {
        var sim = new Simulation();
        var hbm = new Container(sim, capacity: 141e9, initialLevel: 0);
        var admitted = new List<double>();
        IEnumerable<Event> Admit(double kvBytes)
        {
            yield return hbm.Put(kvBytes);
            admitted.Add(sim.Now.TotalSeconds);
            yield return sim.Delay(SimDuration.FromSeconds(1));
            Assert.True(hbm.TryGet(kvBytes));
        }

        // 100 GB and 60 GB do not fit together in 141 GB: the second waits for the first to finish at 1 s.
        sim.Process(Admit(100e9));
        sim.Process(Admit(60e9));
        sim.Run();
        Assert.Equal([0.0, 1.0], admitted);
    }
}
