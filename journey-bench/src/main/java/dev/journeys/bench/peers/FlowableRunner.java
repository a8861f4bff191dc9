package dev.journeys.bench.peers;

import dev.journeys.bench.JourneyRunner;
import dev.journeys.bench.Sends;
import dev.journeys.bench.WelcomeJourney;
import org.flowable.common.engine.impl.history.HistoryLevel;
import org.flowable.common.engine.impl.runtime.Clock;
import org.flowable.common.engine.impl.util.DefaultClockImpl;
import org.flowable.engine.ManagementService;
import org.flowable.engine.ProcessEngine;
import org.flowable.engine.ProcessEngineConfiguration;
import org.flowable.engine.RuntimeService;
import org.flowable.job.api.Job;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@link WelcomeJourney} on Flowable embedded, set up like {@link CamundaRunner}: H2 in
 * memory, history level none, the async executor off, timers moved to executable jobs and run
 * through the {@link ManagementService} with the engine's clock moved two days on. The process
 * is the same BPMN as Camunda's, written as XML (Flowable has no fluent model builder).
 *
 * <p>Not thread-safe.
 */
public final class FlowableRunner implements JourneyRunner {

    private static final int JOB_PAGE = 1_000;
    private static final AtomicInteger ROUNDS = new AtomicInteger();
    private static final String SEND = FlowableSend.class.getName();
    private static final String PROCESS_KEY = CamundaRunner.PROCESS_KEY;

    /** The journey as BPMN 2.0 XML. */
    static final String PROCESS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
                         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                         xmlns:flowable="http://flowable.org/bpmn" targetNamespace="journey-bench">
              <process id="%2$s" isExecutable="true">
                <startEvent id="signed-up"/>
                <sequenceFlow id="f1" sourceRef="signed-up" targetRef="welcome"/>
                <serviceTask id="welcome" flowable:class="%1$s"/>
                <sequenceFlow id="f2" sourceRef="welcome" targetRef="two-days"/>
                <intermediateCatchEvent id="two-days">
                  <timerEventDefinition><timeDuration>PT48H</timeDuration></timerEventDefinition>
                </intermediateCatchEvent>
                <sequenceFlow id="f3" sourceRef="two-days" targetRef="by-group"/>
                <exclusiveGateway id="by-group"/>
                <sequenceFlow id="f4" sourceRef="by-group" targetRef="offer-a">
                  <conditionExpression xsi:type="tFormalExpression">${group == 'a'}</conditionExpression>
                </sequenceFlow>
                <sequenceFlow id="f5" sourceRef="by-group" targetRef="offer-b">
                  <conditionExpression xsi:type="tFormalExpression">${group != 'a'}</conditionExpression>
                </sequenceFlow>
                <serviceTask id="offer-a" flowable:class="%1$s"/>
                <serviceTask id="offer-b" flowable:class="%1$s"/>
                <sequenceFlow id="f6" sourceRef="offer-a" targetRef="end-a"/>
                <sequenceFlow id="f7" sourceRef="offer-b" targetRef="end-b"/>
                <endEvent id="end-a"/>
                <endEvent id="end-b"/>
              </process>
            </definitions>
            """.formatted(SEND, PROCESS_KEY);

    @Override
    public String name() {
        return "flowable";
    }

    @Override
    public String description() {
        return "Flowable " + Versions.of("org.flowable", "flowable-engine")
                + " embedded: H2 " + Versions.h2()
                + " in memory, history none, async executor off, timers by"
                + " ManagementService.moveTimerToExecutableJob + executeJob";
    }

    @Override
    public Round prepare(int count) {
        int round = ROUNDS.incrementAndGet();
        Clock clock = new DefaultClockImpl();
        clock.setCurrentTime(Date.from(WelcomeJourney.START));
        String jdbcUrl = "jdbc:h2:mem:bench-flowable-" + round;
        ProcessEngine engine = ProcessEngineConfiguration.createStandaloneInMemProcessEngineConfiguration()
                .setEngineName("bench-flowable-" + round)
                .setJdbcUrl(jdbcUrl)
                .setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE)
                .setHistoryLevel(HistoryLevel.NONE)
                .setAsyncExecutorActivate(false)
                .setClock(clock)
                .buildProcessEngine();
        engine.getRepositoryService().createDeployment().addString("welcome.bpmn20.xml", PROCESS).deploy();
        RuntimeService runtime = engine.getRuntimeService();
        ManagementService management = engine.getManagementService();
        String[] ids = new String[count];
        String[] groups = new String[count];
        for (int i = 0; i < count; i++) {
            ids[i] = WelcomeJourney.contactId(i);
            groups[i] = WelcomeJourney.group(i);
        }
        Sends sends = new Sends();
        FlowableSend.sends = sends;
        return new Round() {
            @Override
            public void enterAll() {
                for (int i = 0; i < count; i++) {
                    runtime.startProcessInstanceByKey(PROCESS_KEY, ids[i], Map.of("group", groups[i]));
                }
            }

            @Override
            public void fireAllDue() {
                clock.setCurrentTime(Date.from(WelcomeJourney.START.plus(WelcomeJourney.WAIT)));
                while (true) {
                    List<Job> due = management.createTimerJobQuery().executable().listPage(0, JOB_PAGE);
                    if (due.isEmpty()) {
                        return;
                    }
                    for (Job timer : due) {
                        Job job = management.moveTimerToExecutableJob(timer.getId());
                        management.executeJob(job.getId());
                    }
                }
            }

            @Override
            public void verify() {
                sends.requireCompleted(count, name());
                long running = runtime.createProcessInstanceQuery().count();
                if (running != 0) {
                    throw new IllegalStateException("Flowable still has " + running + " process instances");
                }
            }

            @Override
            public void close() {
                engine.close();
                Versions.shutDownH2(jdbcUrl);
            }
        };
    }
}
