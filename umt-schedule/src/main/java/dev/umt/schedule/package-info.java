/**
 * Scheduled syncs: the {@link dev.umt.schedule.Schedule} model (once, daily, weekly, continuously,
 * a Quartz cron expression) kept in a data folder's {@link dev.umt.schedule.ScheduleFile}, the
 * {@link dev.umt.schedule.UmtScheduler} that runs them on Quartz without overlapping runs (the data
 * folder's lock decides; a fire that finds it taken is skipped, not queued), the {@link
 * dev.umt.schedule.FireHistory} of their fires, and {@link dev.umt.schedule.ScheduleExport} to
 * Windows Task Scheduler, systemd and cron. See {@code docs/schedules.md}.
 */
@NullMarked
package dev.umt.schedule;

import org.jspecify.annotations.NullMarked;
