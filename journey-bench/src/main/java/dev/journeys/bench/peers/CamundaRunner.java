package dev.journeys.bench.peers;

import dev.journeys.bench.JourneyRunner;
import dev.journeys.bench.Sends;
import dev.journeys.bench.WelcomeJourney;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;

import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@link WelcomeJourney} on Camunda 7 embedded, set up for a fair comparison: H2 in memory,
 * history level none, the job executor off, timers run through the {@link ManagementService}
 * with Camunda's clock ({@link ClockUtil}) moved two days on. The journey is a BPMN process made
 * with Camunda's fluent model API: start, a service task "welcome", a timer catch event of
 * {@code PT48H}, an exclusive gateway on the process variable {@code group}, a service task
 * "offer-a" or "offer-b", an end. Each contact is a process instance started with its id as
 * business key and its group as a variable.
 *
 * <p>Not thread-safe; Camunda's clock is global to the JVM.
 */
public final class CamundaRunner implements JourneyRunner {

    /** The process key: not the journey id, which names the first send task. */
    static final String PROCESS_KEY = "welcome-journey";
    private static final int JOB_PAGE = 1_000;
    private static final AtomicInteger ROUNDS = new AtomicInteger();

    @Override
    public String name() {
        return "camunda-7";
    }

    @Override
    public String description() {
        return "Camunda " + Versions.of("org.camunda.bpm", "camunda-engine")
                + " embedded: H2 " + Versions.h2()
                + " in memory, history none, job executor off, timers by"
                + " ManagementService.executeJob";
    }


    /** Returns the journey as a BPMN process. */
    static BpmnModelInstance process() {
        return Bpmn.createExecutableProcess(PROCESS_KEY)
                .startEvent("signed-up")
                .serviceTask(WelcomeJourney.WELCOME).camundaClass(CamundaSend.class)
                .intermediateCatchEvent("two-days").timerWithDuration("PT48H")
                .exclusiveGateway("by-group")
                .condition("group a", "${group == 'a'}")
                .serviceTask(WelcomeJourney.OFFER_A).camundaClass(CamundaSend.class)
                .endEvent("end-a")
                .moveToLastGateway()
                .condition("otherwise", "${group != 'a'}")
                .serviceTask(WelcomeJourney.OFFER_B).camundaClass(CamundaSend.class)
                .endEvent("end-b")
                .done();
    }

    @Override
    public Round prepare(int count) {
        int round = ROUNDS.incrementAndGet();
        String jdbcUrl = "jdbc:h2:mem:bench-camunda-" + round;
        ProcessEngine engine = ProcessEngineConfiguration.createStandaloneInMemProcessEngineConfiguration()
                .setProcessEngineName("bench-camunda-" + round)
                .setJdbcUrl(jdbcUrl)
                .setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE)
                .setHistory(ProcessEngineConfiguration.HISTORY_NONE)
                .setJobExecutorActivate(false)
                .buildProcessEngine();
        engine.getRepositoryService().createDeployment().addModelInstance("welcome.bpmn", process()).deploy();
        RuntimeService runtime = engine.getRuntimeService();
        ManagementService management = engine.getManagementService();
        String[] ids = new String[count];
        String[] groups = new String[count];
        for (int i = 0; i < count; i++) {
            ids[i] = WelcomeJourney.contactId(i);
            groups[i] = WelcomeJourney.group(i);
        }
        Sends sends = new Sends();
        CamundaSend.sends = sends;
        ClockUtil.setCurrentTime(Date.from(WelcomeJourney.START));
        return new Round() {
            @Override
            public void enterAll() {
                for (int i = 0; i < count; i++) {
                    runtime.startProcessInstanceByKey(PROCESS_KEY, ids[i],
                            Variables.createVariables().putValue("group", groups[i]));
                }
            }

            @Override
            public void fireAllDue() {
                ClockUtil.setCurrentTime(Date.from(WelcomeJourney.START.plus(WelcomeJourney.WAIT)));
                while (true) {
                    List<Job> due = management.createJobQuery().timers().executable().listPage(0, JOB_PAGE);
                    if (due.isEmpty()) {
                        return;
                    }
                    for (Job job : due) {
                        management.executeJob(job.getId());
                    }
                }
            }

            @Override
            public void verify() {
                sends.requireCompleted(count, name());
                long running = runtime.createProcessInstanceQuery().count();
                if (running != 0) {
                    throw new IllegalStateException("Camunda still has " + running + " process instances");
                }
            }

            @Override
            public void close() {
                engine.close();
                ClockUtil.reset();
                Versions.shutDownH2(jdbcUrl);
            }
        };
    }
}
