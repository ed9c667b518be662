"""What the queue itself keeps beside django-tasks-db's task rows: which workers are
alive (their lease) and which slot each periodic job was last enqueued for."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """A running worker process; a row not refreshed within the lease means it died."""

    worker_id = models.CharField("进程标识", max_length=64, primary_key=True)
    hostname = models.CharField("主机", max_length=255)
    pid = models.PositiveIntegerField("进程号")
    started_at = models.DateTimeField("启动时间")
    last_seen = models.DateTimeField("最近心跳", db_index=True)

    class Meta:
        verbose_name = "后台任务进程"
        verbose_name_plural = "后台任务进程"

    def __str__(self):
        return f"{self.hostname}:{self.pid}"


class PeriodicRun(models.Model):
    """The latest slot a periodic job was enqueued for (one row per job)."""

    name = models.CharField("任务", max_length=200, primary_key=True)
    slot = models.DateTimeField("时段开始")
    enqueued_at = models.DateTimeField("加入队列时间")
    task_id = models.CharField("任务结果标识", max_length=64, blank=True)

    class Meta:
        verbose_name = "定时任务"
        verbose_name_plural = "定时任务"

    def __str__(self):
        return self.name
