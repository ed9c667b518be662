"""Live in-site notices for a logged-in user."""

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from .services import notice_group

CLOSE_UNAUTHENTICATED = 4401


class NoticeConsumer(AsyncJsonWebsocketConsumer):
    """Pushes a user's new notices to every page they have open."""

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.group = notice_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "hello", "user": user.pk})

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def notice_created(self, event):
        await self.send_json(
            {
                "type": "notice",
                "id": event["id"],
                "title": event["title"],
                "url": event["url"],
            }
        )
